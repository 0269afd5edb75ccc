// Writes package.json's version into .claude-plugin/plugin.json (run by `pnpm build`), so the version Claude Code
// shows follows the changesets that bump @paige/claude-plugin. `--check` exits 1 when they differ.
import { readFileSync, writeFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const manifestUrl = new URL('../.claude-plugin/plugin.json', import.meta.url);
const text = readFileSync(manifestUrl, 'utf8');
const manifest = JSON.parse(text);
if (manifest.version !== pkg.version) {
  if (process.argv.includes('--check')) {
    console.error(
      `.claude-plugin/plugin.json has version ${manifest.version}, package.json ${pkg.version}: run pnpm build`,
    );
    process.exit(1);
  }
  manifest.version = pkg.version;
  writeFileSync(manifestUrl, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`plugin.json version set to ${pkg.version}`);
}
