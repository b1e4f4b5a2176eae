// /uptime end to end on the test's own clock: a live gateway whose QQ is disconnected for exactly 3 s of a watched
// minute; the figures (downtime first), the text strip, the picture and the JSON of `--json` say so exactly, and a gatewatch
// restarted on the same state_dir still has them and adds nothing of its own.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createMetrics } from '../../src/ops/metrics.js';
import type { UptimeJson } from '../../src/history/describe.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { healthyLiveGateway } from '../helpers/live-gateway.js';
import { cleanup } from '../helpers/probe-procs.js';
import { manualClock } from '../helpers/clock.js';
import { draw, expectColumns, GREEN, RED } from '../helpers/chart-pixels.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await cleanup();
});

/** Sets one platform's state in gateway_state.json, as Hermes writes it at `at`. */
function setPlatform(home: string, platform: string, state: string, at: number): void {
  const file = path.join(home, 'gateway_state.json');
  const s = JSON.parse(readFileSync(file, 'utf8'));
  s.platforms[platform] = { state, updated_at: new Date(at).toISOString() };
  writeFileSync(file, JSON.stringify(s));
}

describe('/uptime', () => {
  it('a 3-second QQ outage in a watched minute: 95% up, downtime 3s, in words, strip and JSON; kept across a restart', async () => {
    const clock = manualClock();
    const metrics = createMetrics();
    h = await startHarness({
      start: false,
      // An outage counts once it outlasts the grace, for its whole length from the drop.
      config: { remediate: { auto_restart: false }, detect: { disconnect_grace: '1s' } },
      appOptions: { clock, ...metrics.hooks },
    });
    metrics.bind(h.app);
    await healthyLiveGateway(h.hermesHome);
    const t0 = clock.now();
    expect((await h.app.core.evaluate('default')).findings).toEqual([]);
    await clock.advance(10_000);
    setPlatform(h.hermesHome, 'qqbot', 'disconnected', clock.now());
    // Inside the grace: not (yet) an outage.
    expect((await h.app.core.evaluate('default')).findings).toEqual([]);
    await clock.advance(2_000);
    // Past it: an outage, from the drop.
    expect((await h.app.core.evaluate('default')).findings.map((f) => f.check)).toContain('platform_down');
    await clock.advance(1_000);
    setPlatform(h.hermesHome, 'qqbot', 'connected', clock.now());
    expect((await h.app.core.evaluate('default')).findings).toEqual([]);
    await clock.advance(47_000);
    expect(clock.now() - t0).toBe(60_000);

    const [reply] = await h.say('/uptime');
    expect(reply!.title).toBe('Uptime, last 24h');
    expect(reply!.lines![0]).toBe('default: 95.00% up, downtime 3s');
    expect(reply!.lines!.join('\n')).toMatch(/watched since/);
    const data = reply!.data as UptimeJson;
    expect(data.window).toBe('24h');
    expect(data.since).toBe(new Date(t0).toISOString());
    expect(data.targets[0]).toMatchObject({ target: 'default', availability: 0.95, downtime_s: 3 });
    expect(data.targets[0]!.platforms).toEqual([
      { platform: 'feishu', availability: 1, downtime_s: 0 },
      { platform: 'qqbot', availability: 0.95, downtime_s: 3 },
    ]);
    // The strip: QQ's row has its outage in it, Feishu's has none.
    const strip = reply!.code![0]!.split('\n');
    expect(strip.find((l) => l.trim().startsWith('QQ'))).toMatch(/·/);
    expect(strip.find((l) => l.trim().startsWith('Feishu'))).not.toMatch(/·/);

    // The picture: QQ's row red where the 3 seconds were and green elsewhere; Feishu's green throughout.
    const chart = reply!.chart!;
    expect(chart.rows.map((r) => r.label)).toEqual(['default', 'Feishu', 'QQ']);
    const { at, L } = await draw(chart);
    expect(expectColumns(at, L, chart, 2, [t0 + 10_000, t0 + 13_000], RED, GREEN)).toBeGreaterThan(0);
    for (let col = 0; col < L.barW; col++) expect(at(1, col)).toEqual(GREEN);

    // The fleet's figure: the same ratio for Prometheus, the target's own with platform="".
    const text = await metrics.text();
    expect(text).toContain('gatewatch_availability_ratio{target="default",platform="qqbot",window="24h"} 0.95');
    expect(text).toContain('gatewatch_availability_ratio{target="default",platform="feishu",window="7d"} 1');
    expect(text).toContain('gatewatch_availability_ratio{target="default",platform="",window="30d"} 0.95');

    // gatewatch restarted on the same state_dir: the minute of before is still there, nothing added by the restart.
    await h.app.stop();
    const again = await createApp(h.config, { log: pino({ level: 'silent' }), clock });
    try {
      const replies: { data?: unknown }[] = [];
      await again.handle({ channel: 'console', senderId: 'local', text: '/uptime' }, async (r) => void replies.push(r));
      expect((replies[0]!.data as UptimeJson).targets[0]).toMatchObject({ availability: 0.95, downtime_s: 3 });
    } finally {
      await again.stop();
    }
  });
});
