/**
 * Absolute path of the built page (`vite build` output: `index.html` and the hashed `assets/`), with a
 * trailing separator. The folder exists only after `pnpm --filter @paige/web build`.
 */
export declare const webDistDir: string;

/**
 * The page's view URLs (client-side routes) as path patterns, e.g. `/practice/:id` (`:name` matches one path
 * segment). The server answers them with `index.html`; other unknown paths stay 404.
 */
export declare const webViewRoutes: readonly string[];
