/**
 * The specs' `test`: every test gets a fresh page (its own sessionStorage, i.e. its own tab state), but the pages of
 * one worker share a browser context, so the page's immutable assets (Monaco's ~3 MB chunk) are fetched and compiled
 * once per run instead of once per test.
 */
import { test as base, type BrowserContext } from '@playwright/test';

export const test = base.extend<Record<never, never>, { sharedContext: BrowserContext }>({
  sharedContext: [
    async ({ browser }, use) => {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      await use(context);
      await context.close();
    },
    { scope: 'worker' },
  ],
  page: async ({ sharedContext }, use) => {
    const page = await sharedContext.newPage();
    await use(page);
    await page.close();
  },
});

export { expect } from '@playwright/test';
