/**
 * `@paige/playwright-config`: the Playwright preset of the Paige pages' browser tests (issue 25 item 5). Plain
 * JavaScript so a config file can import it without a TypeScript loader.
 */
import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/**
 * Debian's Chromium binary (`/usr/lib/chromium/chromium` skips the wrapper script's warning; no browser download);
 * `PAIGE_CHROMIUM` overrides. `undefined` when none is installed.
 */
export const chromiumPath =
  process.env.PAIGE_CHROMIUM ??
  ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

/** Chromium's flags for a container without a GPU and with a small `/dev/shm`. */
export const CHROMIUM_ARGS = ['--disable-gpu', '--disable-dev-shm-usage'];

/**
 * A package's browser-test config: `test/browser/*.spec.ts`, artifacts in `test/artifacts/results`, one worker (the
 * machine has two cores and the server runs beside the browser), 15 s per expectation, headless Chromium at
 * 1440x900 with traces and screenshots kept on failure. `options.timeout` (ms per test) and `options.retries` are the
 * package's; `options.chromiumArgs` are added to {@link CHROMIUM_ARGS}.
 * @param {{ timeout: number, retries?: number, chromiumArgs?: string[] }} options
 */
export function defineBrowserTests({ timeout, retries = 0, chromiumArgs = [] }) {
  return defineConfig({
    testDir: 'test/browser',
    testMatch: '*.spec.ts',
    outputDir: 'test/artifacts/results',
    fullyParallel: false,
    workers: 1,
    retries,
    timeout,
    expect: { timeout: 15_000 },
    reporter: [['list']],
    use: {
      browserName: 'chromium',
      headless: true,
      viewport: { width: 1440, height: 900 },
      launchOptions: { executablePath: chromiumPath, args: [...CHROMIUM_ARGS, ...chromiumArgs] },
      trace: 'retain-on-failure',
      screenshot: 'only-on-failure',
    },
  });
}
