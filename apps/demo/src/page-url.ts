/**
 * The URL a person opens to watch the demo (issue 23 item 5): the page with the server's token (`/?token=...`; the
 * server sets its cookie and redirects to `/`), since the token lives in the demo's temporary DATA_DIR and the page
 * without it shows only the access notice.
 * @param baseUrl the server's origin, e.g. `http://127.0.0.1:40123` (a trailing slash is accepted)
 * @param token the server's token from `DATA_DIR/server.json`
 */
export function pageUrlWithToken(baseUrl: string, token: string): string {
  const url = new URL('/', baseUrl);
  url.searchParams.set('token', token);
  return url.toString();
}
