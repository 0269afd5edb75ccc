/**
 * Browser test of the mentor's view: the built page in Debian's Chromium, against a real team server with a cohort
 * made through the real flows (the preset: one worker, no browser download).
 */
import { defineBrowserTests } from '@paige/playwright-config';

export default defineBrowserTests({ timeout: 180_000 });
