/**
 * zod 4 probes `new Function` the first time it parses an object (its JIT fast path), which the page's
 * Content-Security-Policy (`script-src 'self'`) reports as an eval violation (issue 23 item 5). The page runs zod
 * without the JIT: imported first, before any schema parses a message.
 */
import { z } from 'zod';

z.config({ jitless: true });
