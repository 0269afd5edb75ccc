/**
 * The memory's lifecycle in a server (Story 8; issue 7 item 4; issue 25 item 1): which Chroma, and the degraded mode,
 * against the run's real Chroma server.
 */
import { inject, describe, expect, it } from 'vitest';
import { createMemoryService } from '../src/service.js';
import { createCapturingLogger, unusedPort } from './helpers.js';

describe('Story 8: the memory service', () => {
  it('off: no CHROMA_URL and no local Chroma -> no store, health off, a warning that says what to do', async () => {
    const { logger, entries } = createCapturingLogger();
    const service = createMemoryService({ startLocal: false, dataDir: '/nonexistent', logger });
    expect(service.health()).toEqual({ status: 'off', mode: 'off' });
    await service.start();
    expect(service.health()).toEqual({ status: 'off', mode: 'off' });
    expect(service.store()).toBeNull();
    expect(entries.some((e) => e.level === 'warn' && e.message.includes('PAIGE_START_CHROMA=false'))).toBe(
      true,
    );
    await service.stop();
    await service.stop();
  });

  it('external and reachable: starting, then up with a store; stop closes it', async () => {
    const { logger } = createCapturingLogger();
    const service = createMemoryService({
      chromaUrl: inject('chromaUrl'),
      startLocal: true,
      dataDir: '/nonexistent',
      logger,
    });
    expect(service.health()).toEqual({ status: 'starting', mode: 'external' });
    await service.start();
    expect(service.health()).toEqual({ status: 'up', mode: 'external' });
    expect(service.available()).toBe(true);
    expect(service.store()?.url).toBe(inject('chromaUrl'));
    await service.stop();
    expect(service.store()).toBeNull();
  });

  it('external and unreachable: degraded (down) with a store that reconnects later, and start() does not throw', async () => {
    const { logger, entries } = createCapturingLogger();
    const url = `http://127.0.0.1:${await unusedPort()}`;
    const service = createMemoryService({
      chromaUrl: url,
      startLocal: false,
      dataDir: '/nonexistent',
      logger,
    });
    await service.start();
    expect(service.health()).toEqual({ status: 'down', mode: 'external' });
    expect(service.store()).not.toBeNull();
    expect(service.available()).toBe(false);
    expect(entries.some((e) => e.message.includes('will reconnect'))).toBe(true);
    await service.stop();
  });
});
