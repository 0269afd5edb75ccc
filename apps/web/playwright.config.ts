/**
 * Browser tests: the built page in Debian's Chromium (no browser download: `executablePath`), against the real
 * server started per spec file (test/browser/support/paige.ts). One worker: the machine has two cores and the
 * server runs beside the browser.
 */
import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/** Debian's Chromium binary (`/usr/lib/chromium/chromium` skips the wrapper script's warning); `PAIGE_CHROMIUM` overrides. */
const chromium =
  process.env.PAIGE_CHROMIUM ??
  ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

export default defineConfig({
  testDir: 'test/browser',
  testMatch: '*.spec.ts',
  outputDir: 'test/artifacts/results',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    // `foreign.example` resolves to loopback so a test can serve a page from a foreign origin (cross-site /ws).
    launchOptions: {
      executablePath: chromium,
      args: [
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--host-resolver-rules=MAP foreign.example 127.0.0.1',
      ],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
