import { definePackageBuild } from '@paige/tsup-config';

export default definePackageBuild({
  entry: ['src/index.ts', 'src/testing.ts'],
  // The Anthropic SDK is about 300 ES modules (with its OpenTelemetry API): loading them one by one cost ~540 ms of
  // CPU on the server's first model-backed request. Inlined, it is one chunk of ~1 MB that loads in ~100 ms
  // (issue 20 item 8). Its types still come from the dependency; `zod` stays shared.
  noExternal: ['@anthropic-ai/sdk'],
});
