/**
 * Child process of bench/mcp-roundtrip.mjs (forked with an IPC channel): plays Claude Code, the MCP client, from its
 * own process. The first IPC message carries the two server URLs and the plan; the timings go back over the channel.
 */
import { setMaxListeners } from 'node:events';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

// The SDK client adds one abort listener per request to its transport's AbortSignal and Node warns past 1,500.
setMaxListeners(0);

const { echoUrl, paigeUrl, calls, warmup, block } = await new Promise((r) => process.once('message', r));

async function connect(url) {
  const transport = new StreamableHTTPClientTransport(new URL('/mcp', url));
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}
const echo = await connect(echoUrl);
const paige = await connect(paigeUrl);

const first = await paige.client.callTool({ name: 'paige_get_buffer', arguments: { path: 'index.ts' } });
if (first.isError || !first.structuredContent?.buffer?.content?.includes('// edited')) {
  throw new Error(`paige_get_buffer did not return the buffer: ${JSON.stringify(first)}`);
}
// The diagnosis tool returns this very buffer (the parent's echo server keeps it).
process.send({ buffer: first.structuredContent.buffer });
await new Promise((r) => process.once('message', r));

const timeCall = async (c, name) => {
  const t0 = performance.now();
  const r = await c.client.callTool({ name, arguments: { path: 'index.ts' } });
  const ms = performance.now() - t0;
  if (r.isError) throw new Error(`${name} failed: ${JSON.stringify(r)}`);
  return ms;
};
for (let i = 0; i < warmup; i += 1) {
  await timeCall(echo, 'echo');
  await timeCall(echo, 'echo_buffer');
  await timeCall(paige, 'paige_get_buffer');
}
const echoMs = [];
const paigeMs = [];
const echoBufferMs = [];
for (let done = 0; done < calls; done += block) {
  for (let i = 0; i < block; i += 1) echoMs.push(await timeCall(echo, 'echo'));
  for (let i = 0; i < block; i += 1) echoBufferMs.push(await timeCall(echo, 'echo_buffer'));
  for (let i = 0; i < block; i += 1) paigeMs.push(await timeCall(paige, 'paige_get_buffer'));
}
for (const c of [echo, paige]) {
  await c.transport.terminateSession().catch(() => undefined);
  await c.client.close();
}
process.send({ done: true, echoMs, paigeMs, echoBufferMs });
process.disconnect();
