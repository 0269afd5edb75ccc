/**
 * `paige --open`: opens a URL in the user's default browser with the platform's opener (`open` on macOS,
 * `start` through `cmd` on Windows, `xdg-open` elsewhere). Fire and forget: a machine without an opener or a
 * browser gets a warning naming the URL, never a failed server.
 */
import { spawn as nodeSpawn } from 'node:child_process';

/** Options of {@link openInBrowser}; the defaults are the real platform and `child_process.spawn`. */
export interface OpenInBrowserOptions {
  platform?: NodeJS.Platform;
  spawn?: typeof nodeSpawn;
  /** Called once when the opener cannot be started or exits with an error (message names the URL). */
  onFailure?: (message: string) => void;
}

/** The opener command for `platform`: `[command, args]`. */
export function openerFor(platform: NodeJS.Platform, url: string): [string, string[]] {
  if (platform === 'darwin') return ['open', [url]];
  // `start` is a cmd built-in; the empty string is the window title, so a URL with spaces is not taken for one.
  if (platform === 'win32') return ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]];
  return ['xdg-open', [url]];
}

/** Starts the opener detached; never throws. */
export function openInBrowser(url: string, opts: OpenInBrowserOptions = {}): void {
  const [command, args] = openerFor(opts.platform ?? process.platform, url);
  const fail = (why: string) => opts.onFailure?.(`could not open a browser (${why}): open ${url} yourself`);
  try {
    const child = (opts.spawn ?? nodeSpawn)(command, args, {
      detached: true,
      stdio: 'ignore',
      windowsHide: true,
    });
    child.once('error', (err: NodeJS.ErrnoException) =>
      fail(err.code === 'ENOENT' ? `${command} not found` : err.message),
    );
    child.once('exit', (code) => {
      if (code !== null && code !== 0) fail(`${command} exited with code ${code}`);
    });
    child.unref();
  } catch (err) {
    fail((err as Error).message);
  }
}
