// The Node entry of @paige/web: where the built page lives and which URLs are its views. The backend serves
// the folder at `/` (it finds it through this export, never through a source import of the app).
import { fileURLToPath } from 'node:url';

/** Absolute path of the built page (`vite build` output), with a trailing separator. */
export const webDistDir = fileURLToPath(new URL('./dist/', import.meta.url));

/**
 * The page's view URLs (client-side routes), as path patterns: a `:name` segment matches one segment. The server
 * answers these with `index.html` (SPA fallback); every other unknown path stays a 404.
 */
export const webViewRoutes = [
  '/',
  '/ide',
  '/dashboard',
  '/practice',
  '/practice/:id',
  '/wrap-up/:id',
  '/settings',
];
