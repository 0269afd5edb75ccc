/** Issue 23 item 5: the demo prints the page URL with the server's token. */
import { describe, expect, it } from 'vitest';
import { pageUrlWithToken } from '../src/page-url.js';

describe('the URL the demo prints (issue 23 item 5)', () => {
  it('is the page with the token query the server turns into its cookie', () => {
    expect(pageUrlWithToken('http://127.0.0.1:40123', 'abc_DEF-123')).toBe(
      'http://127.0.0.1:40123/?token=abc_DEF-123',
    );
    expect(pageUrlWithToken('http://127.0.0.1:40123/', 'a b')).toBe('http://127.0.0.1:40123/?token=a+b');
  });
});
