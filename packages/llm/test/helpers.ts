import { createLlmClient } from '../src/index.js';
import type { ApiCallRecord, CreateLlmClientOptions, LlmClient } from '../src/index.js';
import type { MessagesApiStub } from '../src/testing.js';

export const API_KEY = 'sk-ant-test-key';

export interface Harness {
  client: LlmClient;
  records: ApiCallRecord[];
  delays: number[];
  warnings: { msg: string; data?: Record<string, unknown> }[];
}

/** A client pointed at the stand-in, with an injected sleep that records delays instead of waiting. */
export function harness(stub: MessagesApiStub, extra: Partial<CreateLlmClientOptions> = {}): Harness {
  const records: ApiCallRecord[] = [];
  const delays: number[] = [];
  const warnings: Harness['warnings'] = [];
  const client = createLlmClient({
    apiKey: API_KEY,
    baseURL: stub.url,
    sleep: async (ms) => {
      delays.push(ms);
    },
    random: () => 0.5,
    onCall: (row) => records.push(row),
    logger: {
      warn: (msg, data) => warnings.push({ msg, ...(data ? { data } : {}) }),
      info: () => {},
      debug: () => {},
    },
    ...extra,
  });
  return { client, records, delays, warnings };
}
