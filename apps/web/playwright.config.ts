/**
 * Browser tests: the built page in Debian's Chromium, against the real server started per spec file
 * (test/browser/support/paige.ts); the preset runs one worker and downloads no browser.
 */
import { defineBrowserTests } from '@paige/playwright-config';

export default defineBrowserTests({
  timeout: 60_000,
  retries: process.env.CI ? 1 : 0,
  // `foreign.example` resolves to loopback so a test can serve a page from a foreign origin (cross-site /ws).
  chromiumArgs: ['--host-resolver-rules=MAP foreign.example 127.0.0.1'],
});
