// A push service that fails goes through the real outbox: the alert stays on disk across a restart, is retried no
// sooner than the service asked, and reaches the phone exactly once.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { openOutbox } from '../../src/delivery/outbox.js';
import { plugin as dingtalk } from '../../src/notifiers/dingtalk.js';
import { plugin as ntfy } from '../../src/notifiers/ntfy.js';
import type { Alert } from '../../src/types.js';
import { startFakePush, type FakePush } from '../fakes/push-services.js';
import { pluginHost } from '../helpers/channels.js';
import { systemClock } from '../../src/util/clock.js';

const log = pino({ level: 'silent' });
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

function config() {
  const home = mkdtempSync(path.join(os.tmpdir(), 'gw-outbox-home-'));
  return resolveConfig(configSchema.parse({ targets: [{ name: 'default', hermes_home: home }] }), undefined);
}

const alert = (id: string): Alert => ({
  id,
  kind: 'open',
  target: 'default',
  check: 'process_down',
  severity: 'critical',
  createdAt: Date.now(),
  reply: { title: `default: ${id}`, tone: 'critical', lines: ['The gateway process exited.'] },
});

describe('notifiers through the outbox', () => {
  it('a DingTalk throttle (130101, HTTP 200): kept across a restart, retried after the 10 minutes, delivered once', async () => {
    // Only Date is faked: the outbox's clock and the notifier's rate limit move together, sockets stay real.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2026, 10, 22, 10, 0, 0));
    const f: FakePush = await startFakePush('dingtalk', { dingtalk: { tok: 'SECsecret' } });
    cleanups.push(() => f.close());
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-outbox-'));
    const cfg = config();
    const settings = {
      ...dingtalk.schema.parse({ url: `${f.base}/robot/send?access_token=tok`, secret: 'SECsecret' }),
      name: 'ops-dd',
    };

    let ob = await openOutbox({ clock: systemClock, stateDir: dir, log });
    ob.setChannels([await dingtalk.create(settings, pluginHost(cfg))]);
    f.faults.push({ status: 200, body: { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' } });
    await ob.enqueue(alert('first'));
    await ob.flush();
    expect(f.requests).toHaveLength(1);
    expect(ob.entries()).toHaveLength(1);
    const e = ob.entries()[0]!;
    expect(e.lastError['ops-dd']).toContain('130101');
    expect(e.nextAttemptAt['ops-dd']).toBeGreaterThanOrEqual(Date.now() + 600_000);

    // gatewatch restarts: the alert is still owed to the robot.
    await ob.stop();
    ob = await openOutbox({ clock: systemClock, stateDir: dir, log });
    ob.setChannels([await dingtalk.create(settings, pluginHost(cfg))]);
    expect(ob.pendingFor('ops-dd').map((a) => a.id)).toEqual(['first']);
    vi.setSystemTime(Date.now() + 5 * 60_000);
    await ob.flush();
    expect(f.requests).toHaveLength(1);

    vi.setSystemTime(Date.now() + 6 * 60_000);
    await ob.flush();
    await ob.flush();
    expect(f.delivered()).toHaveLength(1);
    expect(f.delivered()[0]!.body.markdown.title).toContain('default: first');
    expect(ob.entries()).toEqual([]);
    await ob.stop();
  });

  it('an ntfy 5xx then success: retried on the backoff, delivered once, never lost', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2026, 10, 22, 10, 0, 0));
    const f = await startFakePush('ntfy', { ntfy: { alerts: '' } });
    cleanups.push(() => f.close());
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-outbox-'));
    const ob = await openOutbox({ clock: systemClock, stateDir: dir, log });
    ob.setChannels([
      await ntfy.create({ ...ntfy.schema.parse({ url: `${f.base}/alerts` }), name: 'phone' }, pluginHost(config())),
    ]);
    f.faults.push({ status: 502, body: '<html>bad gateway</html>' }, { status: 503, body: 'down' });
    await ob.enqueue(alert('second'));
    await ob.flush();
    for (let i = 0; i < 5 && ob.entries().length; i++) {
      vi.setSystemTime(Date.now() + 10 * 60_000);
      await ob.flush();
    }
    expect(f.requests.map((r) => r.status)).toEqual([502, 503, 200]);
    expect(f.delivered()).toHaveLength(1);
    expect(f.delivered()[0]!.body.title).toBe('[CRITICAL] default: second');
    expect(ob.entries()).toEqual([]);
    await ob.stop();
  });
});
