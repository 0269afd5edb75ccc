#!/usr/bin/env node
// `pnpm check:inspector`: a real third-party MCP client (the MCP Inspector CLI) lists the tools and calls
// paige_get_open_files against a started server. Fails on any non-zero exit.
import { run, withServer } from './with-server.mjs';

// 2.x declares Node >= 22 but its CLI runs on Node 20 (checked here); npx only warns about the engine.
const INSPECTOR = '@modelcontextprotocol/inspector@2.12.0';
const code = await withServer(async (url) => {
  const list = await run('npx', [
    '-y',
    INSPECTOR,
    '--cli',
    `${url}/mcp`,
    '--transport',
    'http',
    '--method',
    'tools/list',
  ]);
  if (list !== 0) return list;
  return run('npx', [
    '-y',
    INSPECTOR,
    '--cli',
    `${url}/mcp`,
    '--transport',
    'http',
    '--method',
    'tools/call',
    '--tool-name',
    'paige_get_open_files',
  ]);
});
process.exit(code);
