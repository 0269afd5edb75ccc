import type { Options } from 'tsup';

/** What every package builds: ESM only, declarations, source maps, a clean `dist/`, Node 20 syntax. */
export declare const baseOptions: Options;
/** A package's tsup config: the base options with `options` on top. */
export declare function definePackageBuild(options: Options): ReturnType<typeof import('tsup').defineConfig>;
/** The `version` of the package.json at `packageJsonUrl`, for a build-time `define`. */
export declare function packageVersion(packageJsonUrl: URL): string;
