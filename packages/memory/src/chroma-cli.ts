/**
 * Runs the Chroma server from a given native binding: `node chroma-cli.js <binding module> [chroma args...]`, the
 * same call the `chromadb` package's own CLI makes (`binding.cli(['chroma', ...args])`), with a binding chosen by
 * `@paige/memory` instead of the one `chromadb` resolves next to itself.
 *
 * Why: the newest `chromadb-js-bindings-linux-x64-gnu` needs glibc 2.38+, and a package manager's override that pins
 * an older one (1.0.5) never reaches a consumer of the published packages. `@paige/memory` declares the pin as its
 * own optional dependency and starts Chroma from it through this script (see `local-chroma.ts`).
 * Shipped as `dist/chroma-cli.js`, started by the watchdog.
 */
import { createRequire } from 'node:module';

const [bindingPath, ...chromaArgs] = process.argv.slice(2);
if (bindingPath === undefined) {
  process.stderr.write('usage: chroma-cli <binding module> [chroma args...]\n');
  process.exit(2);
}

interface ChromaBinding {
  cli(args: string[]): unknown;
}

process.on('SIGINT', () => process.exit(0));
const binding = createRequire(import.meta.url)(bindingPath) as ChromaBinding;
await binding.cli(['chroma', ...chromaArgs]);
