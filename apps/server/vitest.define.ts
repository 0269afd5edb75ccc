import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** The build-time constants of tsup.config.ts, for tests that run the sources. */
export const define = { __PAIGE_SERVER_VERSION__: JSON.stringify(version) };
