#!/usr/bin/env node
// `pnpm test:conformance`: the official MCP conformance suite's server scenarios against a started server.
// 0.1.13 is the newest release that runs on Node 20 (0.1.16 needs Node 22).
import { run, withServer } from './with-server.mjs';

const SCENARIOS = ['server-initialize', 'ping', 'tools-list', 'dns-rebinding-protection'];

const failed = await withServer(async (url) => {
  const bad = [];
  for (const scenario of SCENARIOS) {
    console.log(`\n=== conformance: ${scenario} ===`);
    const code = await run('npx', [
      '-y',
      '@modelcontextprotocol/conformance@0.1.13',
      'server',
      '--url',
      `${url}/mcp`,
      '--scenario',
      scenario,
    ]);
    if (code !== 0) bad.push(scenario);
  }
  return bad;
});
if (failed.length) {
  console.error(`\nconformance failed: ${failed.join(', ')}`);
  process.exit(1);
}
console.log(`\nconformance passed: ${SCENARIOS.join(', ')}`);
