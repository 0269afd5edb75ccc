import { definePackageBuild, packageVersion } from '@paige/tsup-config';

const version = packageVersion(new URL('./package.json', import.meta.url));

/**
 * Bundles each hook program into one self-contained ESM file in `hooks/bin/` (committed, so the plugin runs with
 * nothing installed). `.mjs` keeps them ESM wherever Claude Code copies the plugin. The banner gives bundled
 * CommonJS dependencies a `require` for Node built-ins.
 */
export const HOOK_ENTRIES = {
  'session-start': 'src/bin/session-start.ts',
  'user-prompt-submit': 'src/bin/user-prompt-submit.ts',
  'pre-tool-use': 'src/bin/pre-tool-use.ts',
  'session-end': 'src/bin/session-end.ts',
};

export default definePackageBuild({
  entry: HOOK_ENTRIES,
  outDir: 'hooks/bin',
  platform: 'node',
  bundle: true,
  splitting: false,
  noExternal: [/.*/],
  minify: true,
  sourcemap: false,
  dts: false,
  outExtension: () => ({ js: '.mjs' }),
  // The version announced to the backend comes from package.json (src/version.ts).
  define: { __PAIGE_PLUGIN_VERSION__: JSON.stringify(version) },
  banner: {
    js: "import { createRequire as __paigeCreateRequire } from 'node:module';\nconst require = __paigeCreateRequire(import.meta.url);",
  },
});
