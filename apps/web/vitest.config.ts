import { defineConfig } from 'vitest/config';

// Unit tests of the page's pure logic; the page itself is tested in a real browser (playwright.config.ts).
export default defineConfig({ test: { include: ['test/unit/**/*.test.ts'] } });
