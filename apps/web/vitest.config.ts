import { definePackageConfig } from '@paige/vitest-config';

// Unit tests of the page's pure logic; the page itself is tested in a real browser (playwright.config.ts).
export default definePackageConfig({ test: { include: ['test/unit/**/*.test.ts'] } });
