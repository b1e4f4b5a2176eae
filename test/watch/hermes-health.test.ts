// Hermes' /health/detailed asked at most once a minute per gateway process, on a fake clock, against a real loopback
// server playing Hermes' API server (this test process holds its socket, as the gateway holds its own).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHealthSampler } from '../../src/watch/hermes-health.js';
import { manualClock } from '../helpers/clock.js';

describe('Hermes health sampler', () => {
  it("asks once a minute; a log burst's gathers in between reuse the answer", async () => {
    let asked = 0;
    const server = createServer((_req, res) => {
      asked++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ status: 'ok', readiness: { status: 'ok', checks: { disk: 'ok' } }, gateway_state: 'running' }),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const home = mkdtempSync(path.join(os.tmpdir(), 'gw-health-s-'));
      writeFileSync(
        path.join(home, '.env'),
        `API_SERVER_KEY=k-${Date.now()}\nAPI_SERVER_PORT=${(server.address() as AddressInfo).port}\n`,
      );
      const clock = manualClock();
      const sampler = createHealthSampler();
      expect(await sampler.sample(home, process.pid, clock.now())).toMatchObject({ status: 'ok' });
      for (let i = 0; i < 5; i++) {
        await clock.sleep(10_000);
        await sampler.sample(home, process.pid, clock.now());
      }
      expect(asked).toBe(1);
      await clock.sleep(11_000);
      await sampler.sample(home, process.pid, clock.now());
      expect(asked).toBe(2);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
