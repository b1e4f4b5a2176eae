// The fleet's view of a platform from the Prometheus that scrapes every gatewatch (issue 44 item 1): asked over its
// real HTTP query API (a stand-in on loopback answering the real JSON shape), this instance left out, its answer
// bounded and its wait on the injected clock.
import { afterEach, describe, expect, it } from 'vitest';
import { askFleet, fleetQuery, fleetView } from '../../src/probes/fleet.js';
import { startFakePrometheus, type FakePrometheus } from '../fakes/prometheus.js';
import { manualClock } from '../helpers/clock.js';
import { systemClock } from '../../src/util/clock.js';
import { refusedPort } from '../helpers/ports.js';

let prom: FakePrometheus | undefined;
afterEach(async () => {
  await prom?.close();
  prom = undefined;
});

const S = { minOthers: 2 };
const vector = (...series: [string, number][]) => ({
  status: 'success',
  data: {
    resultType: 'vector',
    result: series.map(([instance, v]) => ({
      metric: { __name__: 'gatewatch_platform_up', instance, platform: 'qqbot', target: 'hermes' },
      value: [1_780_000_000.5, String(v)],
    })),
  },
});

describe('fleetView', () => {
  it('counts instances, not series: up when any of its targets has the platform up', () => {
    expect(
      fleetView(vector(['a:9464', 0], ['a:9464', 1], ['b:9464', 0], ['c:9464', 0], ['me:9464', 0]), {
        instance: 'me:9464',
        ...S,
      }),
    ).toEqual({
      reporting: 3,
      down: 2,
      quorum: 2,
    });
  });

  it('leaves this instance out by its label, or else as one of those that see the platform down', () => {
    const answer = vector(['me:9464', 0], ['b:9464', 0], ['c:9464', 1]);
    expect(fleetView(answer, { instance: 'me:9464', ...S })).toEqual({ reporting: 2, down: 1, quorum: 2 });
    expect(fleetView(answer, S)).toEqual({ reporting: 2, down: 1, quorum: 2 });
    // fleet.instance that names no series (the host without its port): this instance is still counted out.
    expect(fleetView(answer, { instance: 'me', ...S })).toEqual({ reporting: 2, down: 1, quorum: 2 });
    // Our own series still said up (scraped before we saw the outage): counting one down as ours undercounts, never over.
    expect(fleetView(vector(['me:9464', 1], ['b:9464', 0]), S)).toEqual({ reporting: 1, down: 0, quorum: 2 });
  });

  it('NaN and anything that is not 0 or 1 say nothing; a Prometheus error or another shape is an error', () => {
    expect(fleetView(vector(['a', Number.NaN], ['b', 2], ['c', 1]), { instance: 'x', ...S })).toEqual({
      reporting: 1,
      down: 0,
      quorum: 2,
    });
    expect(fleetView({ status: 'error', errorType: 'bad_data', error: 'parse error' }, S)).toEqual({
      error: 'Prometheus: parse error',
    });
    expect(fleetView({ status: 'success', data: { resultType: 'matrix', result: [] } }, S)).toEqual({
      error: 'not an instant vector',
    });
    expect(fleetView('<html>', S)).toEqual({ error: 'not a Prometheus answer' });
  });
});

describe('askFleet against a stand-in Prometheus', () => {
  it("asks its query API for the platform's up gauge across instances, served profiles included", async () => {
    prom = await startFakePrometheus([
      { instance: 'me:9464', platform: 'qqbot', value: 0 },
      { instance: 'b:9464', platform: 'qqbot', value: 0 },
      { instance: 'c:9464', platform: 'ops:qqbot', target: 'ops', value: 0 },
      { instance: 'd:9464', platform: 'qqbot', value: 1 },
      { instance: 'b:9464', platform: 'feishu', value: 1 },
    ]);
    expect(await askFleet('qqbot', { prometheus: prom.url, instance: 'me:9464', minOthers: 2 }, systemClock)).toEqual({
      reporting: 3,
      down: 2,
      quorum: 2,
    });
    expect(prom.queries).toEqual([fleetQuery('qqbot')]);
    expect(prom.queries[0]).toBe('gatewatch_platform_up{platform=~"qqbot|.+:qqbot"}');
  });

  it('keeps a path prefix of the Prometheus URL', async () => {
    prom = await startFakePrometheus([]);
    expect(await askFleet('qqbot', { prometheus: `${prom.url}/prom/`, minOthers: 2 }, systemClock)).toMatchObject({
      error: 'HTTP 404, not JSON',
    });
  });

  it('no answer, a 503 page or a refused port is an error, never a view', async () => {
    prom = await startFakePrometheus([]);
    prom.fault = 'unavailable';
    expect(await askFleet('qqbot', { prometheus: prom.url, minOthers: 2 }, systemClock)).toEqual({
      error: 'HTTP 503, not JSON',
    });
    // fetch will not even dial the well-known ports refusedPort() gives: its answer is an error all the same.
    const port = await refusedPort();
    expect(await askFleet('qqbot', { prometheus: `http://127.0.0.1:${port}`, minOthers: 2 }, systemClock)).toEqual({
      error: expect.any(String),
    });
  });

  it('gives up on a Prometheus that hangs at its deadline on the injected clock', async () => {
    prom = await startFakePrometheus([]);
    prom.fault = 'hang';
    const clock = manualClock(0);
    const asked = askFleet('qqbot', { prometheus: prom.url, minOthers: 2 }, clock, { timeoutMs: 5_000 });
    while (!prom.queries.length) await new Promise((r) => setImmediate(r));
    await clock.advance(5_000);
    expect(await asked).toEqual({ error: 'timed out' });
  });

  it('stops reading an answer past its bound: memory does not grow with what a peer sends', async () => {
    prom = await startFakePrometheus([]);
    prom.fault = 'huge';
    const before = process.memoryUsage().arrayBuffers;
    expect(
      await askFleet('qqbot', { prometheus: prom.url, minOthers: 2 }, systemClock, { maxBytes: 64 * 1024 }),
    ).toEqual({ error: 'answer larger than 64 KB' });
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 * 1024 * 1024);
  });

  it("sends a URL's credentials as basic auth (fetch refuses a URL that carries them)", async () => {
    prom = await startFakePrometheus([
      { instance: 'b:9464', platform: 'qqbot', value: 0 },
      { instance: 'c:9464', platform: 'qqbot', value: 0 },
    ]);
    const u = new URL(prom.url);
    u.username = 'ops';
    u.password = 's3cret pass';
    const v = await askFleet('qqbot', { prometheus: u.href, minOthers: 2 }, systemClock);
    expect(v).toEqual({ reporting: 1, down: 1, quorum: 2 });
    expect(prom.authorizations).toEqual([`Basic ${Buffer.from('ops:s3cret pass').toString('base64')}`]);
  });

  it('never names basic-auth credentials of the URL in its error', async () => {
    const port = await refusedPort();
    const v = await askFleet(
      'qqbot',
      { prometheus: `http://ops:s3cretpass@127.0.0.1:${port}`, minOthers: 2 },
      systemClock,
    );
    expect(JSON.stringify(v)).not.toContain('s3cretpass');
  });
});
