#!/usr/bin/env node
// `pnpm check:clients` (issue 11 item 4): real third-party MCP clients against one started server: the MCP
// Inspector CLI (tools/list, then tools/call paige_get_open_files) and the official conformance scenarios.
// Prints one result line per check and exits non-zero when any check fails. Not part of CI (downloads via npx).
import { run, withServer } from './with-server.mjs';

// 2.x declares Node >= 22 but its CLI runs on Node 20; npx only warns about the engine.
const INSPECTOR = '@modelcontextprotocol/inspector@2.12.0';
// 0.1.13 is the newest conformance release that runs on Node 20.
const CONFORMANCE = '@modelcontextprotocol/conformance@0.1.13';
const SCENARIOS = ['server-initialize', 'ping', 'tools-list', 'dns-rebinding-protection'];

const results = await withServer(async (url) => {
  const out = [];
  const check = async (name, cmd, args) => {
    console.log(`\n=== ${name} ===`);
    const started = Date.now();
    const code = await run(cmd, args);
    out.push({ name, code, ms: Date.now() - started });
  };
  const inspector = ['-y', INSPECTOR, '--cli', `${url}/mcp`, '--transport', 'http'];
  await check('inspector tools/list', 'npx', [...inspector, '--method', 'tools/list']);
  await check('inspector tools/call paige_get_open_files', 'npx', [
    ...inspector,
    '--method',
    'tools/call',
    '--tool-name',
    'paige_get_open_files',
  ]);
  for (const scenario of SCENARIOS) {
    await check(`conformance ${scenario}`, 'npx', [
      '-y',
      CONFORMANCE,
      'server',
      '--url',
      `${url}/mcp`,
      '--scenario',
      scenario,
    ]);
  }
  return out;
});

console.log('\n=== check:clients summary ===');
for (const r of results)
  console.log(
    `${r.code === 0 ? 'PASS' : 'FAIL'}  ${r.name}  (exit ${r.code}, ${(r.ms / 1000).toFixed(1)} s)`,
  );
const failed = results.filter((r) => r.code !== 0);
if (failed.length > 0) {
  console.error(`\ncheck:clients failed: ${failed.map((r) => r.name).join(', ')}`);
  process.exit(1);
}
console.log(`\ncheck:clients passed: ${results.length} checks`);
