import type { PlaywrightTestConfig } from '@playwright/test';

/** Debian's Chromium binary (`PAIGE_CHROMIUM` overrides); `undefined` when none is installed. */
export declare const chromiumPath: string | undefined;
/** Chromium's flags for a container without a GPU and with a small `/dev/shm`. */
export declare const CHROMIUM_ARGS: string[];
/** A package's browser-test config: `test/browser/*.spec.ts`, one worker, headless Chromium at 1440x900; `timeout` in ms per test. */
export declare function defineBrowserTests(options: {
  timeout: number;
  retries?: number;
  chromiumArgs?: string[];
}): PlaywrightTestConfig;
