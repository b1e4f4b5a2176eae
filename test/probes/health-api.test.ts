// Hermes' own /health/detailed (§9.23) read from a real loopback server playing Hermes' API server (this test process
// holds its socket, as the gateway holds its own): the Bearer key from the home's .env, the readiness checks out of the
// JSON, a refusal and a hang said as such, the key in no evidence, and never sent to a listener the gateway does not hold.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { probeHermesHealth } from '../../src/probes/health-api.js';
import { redact } from '../../src/util/redact.js';

const KEY = 'hk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function hermesApi(
  answer: (auth: string | undefined) => { status: number; body: unknown } | 'hang',
): Promise<string> {
  server = createServer((req, res) => {
    const a = answer(req.headers.authorization);
    if (a === 'hang') return;
    res.writeHead(a.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(a.body));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const home = mkdtempSync(path.join(os.tmpdir(), 'gw-health-'));
  writeFileSync(
    path.join(home, '.env'),
    `API_SERVER_ENABLED=true\nAPI_SERVER_KEY=${KEY}\nAPI_SERVER_PORT=${(server.address() as AddressInfo).port}\n`,
  );
  return home;
}

const DEGRADED = {
  status: 'degraded',
  readiness: {
    status: 'degraded',
    checks: {
      state_db: 'ok',
      config: 'ok',
      model: 'ok',
      disk: { status: 'degraded', used_percent: 97 },
      gateway: 'ok',
      background_queues: 'ok',
    },
  },
  gateway_state: 'running',
  platforms: {},
};

describe('Hermes /health/detailed', () => {
  it('asks with the Bearer key from the home .env and reads the readiness checks (a degraded answer is still 200)', async () => {
    const home = await hermesApi((auth) =>
      auth === `Bearer ${KEY}` ? { status: 200, body: DEGRADED } : { status: 401, body: { error: 'unauthorized' } },
    );
    const h = await probeHermesHealth(home, process.pid);
    expect(h).toEqual({
      status: 'degraded',
      checks: { state_db: 'ok', config: 'ok', model: 'ok', disk: 'degraded', gateway: 'ok', background_queues: 'ok' },
      gatewayState: 'running',
    });
    // The key is a secret from now on, wherever it would show.
    expect(redact(`token ${KEY}`)).not.toContain(KEY);
  });

  it('a refused key, a hang and no API server on this host are said, never thrown', async () => {
    const refused = await hermesApi(() => ({ status: 401, body: {} }));
    expect(await probeHermesHealth(refused, process.pid)).toEqual({ error: 'unauthorized' });
    await new Promise<void>((r) => server!.close(() => r()));
    const hung = await hermesApi(() => 'hang');
    expect((await probeHermesHealth(hung, process.pid))?.error).toMatch(/no answer within 2000 ms/);
    const remote = mkdtempSync(path.join(os.tmpdir(), 'gw-health-'));
    writeFileSync(path.join(remote, '.env'), 'API_SERVER_HOST=10.1.2.3\nAPI_SERVER_KEY=x\n');
    expect(await probeHermesHealth(remote, process.pid)).toBeUndefined();
  });

  it("sends the key only to the gateway's own listener: another process on the port gets no request at all", async () => {
    const seen: (string | undefined)[] = [];
    const home = await hermesApi((auth) => (seen.push(auth), { status: 200, body: DEGRADED }));
    // The listener is this test process's, not the gateway's (pid 1 stands in for a gateway that does not hold the port).
    expect(await probeHermesHealth(home, 1)).toEqual({ error: "the port is not the gateway's" });
    expect(seen).toEqual([]);
  });
});
