// alerts.routes, alerts.fallback and alerts.escalate on a fake clock: the real config parser, the real outbox on real
// files (restarts are new outboxes and apps over the same state dir), the real incident machine through app.judge.
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/load.js';
import { parseConfig } from '../../src/channels/config.js';
import { openOutbox } from '../../src/delivery/outbox.js';
import { deliveryPolicy, recipients, type DeliveryPolicy } from '../../src/delivery/routes.js';
import { createApp, type App } from '../../src/app.js';
import type { Alert, Channel, DeliveryOutcome, Finding, Severity } from '../../src/types.js';
import { phone } from '../helpers/phone.js';
import { TEST_DIR } from '../helpers/paths.js';
import { clockAt } from '../helpers/clock.js';

const log = pino({ level: 'silent' });
const MIN = 60_000;

/** A channel whose remote end answers from a script of outcomes (then `sent`), keeping what it was given. */
const scripted = phone;

function cfg(yaml: string, dir = mkdtempSync(path.join(os.tmpdir(), 'gw-routes-'))) {
  return parseConfig(
    `state_dir: ${dir}/state\ntargets:\n  - name: default\n    hermes_home: ${dir}\n${yaml}`,
    '/etc/gatewatch.yaml',
  );
}

function configError(yaml: string): ConfigError {
  try {
    cfg(yaml);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

const NOTIFIERS = `channels:
  notifiers:
    - { type: ntfy, name: pager, url: "http://127.0.0.1:1/alerts" }
    - { type: webhook, name: hook, url: "http://127.0.0.1:1/hook" }
    - { type: bark, name: phone, url: "http://127.0.0.1:1/KEY" }
`;

const alert = (id: string, severity: Alert['severity'], more: Partial<Alert> = {}): Alert => ({
  id,
  kind: 'open',
  target: 'default',
  severity,
  createdAt: 0,
  reply: { title: id },
  ...more,
});

async function outboxWith(
  policy: DeliveryPolicy,
  channels: Channel[],
  o: { dir?: string; clock?: { t: number } } = {},
) {
  const dir = o.dir ?? mkdtempSync(path.join(os.tmpdir(), 'gw-routes-outbox-'));
  const clock = o.clock ?? { t: 1_000_000 };
  const ob = await openOutbox({ stateDir: dir, log, clock: clockAt(() => clock.t), policy });
  ob.setChannels(channels);
  return { ob, dir, clock };
}

describe('alerts.routes', () => {
  it('sends each severity to its channels; a recovery and a restart result follow their incident', async () => {
    const c = cfg(`${NOTIFIERS}alerts:
  routes:
    - { severity: [critical], channels: [pager, hook] }
    - { severity: [warning, info], channels: [hook] }
`);
    const pager = scripted('pager');
    const hook = scripted('hook');
    const phone = scripted('phone');
    const { ob } = await outboxWith(deliveryPolicy(c), [pager.ch, hook.ch, phone.ch]);
    await ob.enqueue(alert('crit-open', 'critical', { routeSeverity: 'critical' }));
    await ob.enqueue(alert('warn-open', 'warning', { routeSeverity: 'warning' }));
    // The recovery of the critical incident is green, but goes where the incident's alerts went.
    await ob.enqueue(alert('crit-resolve', 'ok', { kind: 'resolve', routeSeverity: 'critical' }));
    await ob.enqueue(alert('restart-ok', 'ok', { kind: 'restart', routeSeverity: 'critical' }));
    // gatewatch's own notice with no incident: routed by its own tone; `ok` is in no route here, so it goes nowhere.
    await ob.enqueue(alert('notice-ok', 'ok', { kind: 'notice' }));
    await ob.flush();
    expect(pager.titles()).toEqual(['crit-open', 'crit-resolve', 'restart-ok']);
    expect(hook.titles()).toEqual(['crit-open', 'warn-open', 'crit-resolve', 'restart-ok']);
    expect(phone.titles()).toEqual([]);
    expect(ob.entries()).toEqual([]);
  });

  it('no routes: every channel gets everything, as before', async () => {
    const c = cfg(NOTIFIERS);
    expect(recipients(deliveryPolicy(c), alert('a', 'info'), ['console', 'pager', 'hook', 'phone'])).toEqual([
      'console',
      'pager',
      'hook',
      'phone',
    ]);
    expect(recipients(deliveryPolicy(c), alert('a', 'info', { except: ['console'] }), ['console', 'pager'])).toEqual([
      'pager',
    ]);
  });

  it.each([
    [
      'routes',
      `alerts:\n  routes:\n    - severity: [critical]\n      channels: [pager, dingding]\n`,
      13,
      'alerts.routes[0].channels[1]',
      'unknown channel "dingding"',
    ],
    [
      'fallback target',
      `alerts:\n  fallback:\n    pager: [hook, qq]\n`,
      12,
      'alerts.fallback.pager[1]',
      'unknown channel "qq"',
    ],
    [
      'fallback key',
      `alerts:\n  fallback:\n    feishu: [hook]\n`,
      12,
      'alerts.fallback.feishu',
      'unknown channel "feishu"',
    ],
    [
      'escalate',
      `alerts:\n  escalate:\n    after: 10m\n    channels: [telegram]\n`,
      13,
      'alerts.escalate.channels[0]',
      'unknown channel "telegram"',
    ],
  ])(
    'a %s naming an unknown channel is a config error naming file, line and key',
    (_what, yaml, line, key, expected) => {
      const e = configError(NOTIFIERS + yaml);
      expect(e.line).toBe(line);
      expect(e.key).toBe(key);
      expect(e.message).toContain(`/etc/gatewatch.yaml:${line}`);
      expect(e.message).toContain(expected);
      expect(e.message).toContain('console, pager, hook, phone');
    },
  );

  it('the example in docs/notifiers.md is a valid config', async () => {
    const doc = await readFile(path.join(TEST_DIR, '..', 'docs', 'notifiers.md'), 'utf8');
    const block = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)]
      .map((m) => m[1]!)
      .find((b) => b.includes('alerts:\n  routes:'))!;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-routes-doc-'));
    const c = parseConfig(
      `state_dir: ${dir}/s\ntargets: [{ name: gw, hermes_home: ${dir} }]\n${block}`,
      'notifiers.md',
      {
        GATEWATCH_FEISHU_SECRET: 's',
        GATEWATCH_QQ_SECRET: 's',
        FEISHU_HOOK: 'h',
        DD_TOKEN: 't',
        BARK_KEY: 'k',
        NTFY_TOPIC: 'n',
      },
    );
    expect(deliveryPolicy(c)).toMatchObject({
      fallback: { feishu: ['feishu_webhook'], qq: ['bark'] },
      escalate: { afterMs: 10 * MIN, channels: ['bark', 'ops-phone'] },
    });
  });

  it('rejects a severity that does not exist and an escalation sooner than a minute', () => {
    expect(
      configError(`${NOTIFIERS}alerts:\n  routes:\n    - { severity: [fatal], channels: [pager] }\n`).message,
    ).toContain('expected critical, warning, info or ok');
    expect(configError(`${NOTIFIERS}alerts:\n  escalate: { after: 5s, channels: [pager] }\n`).key).toBe(
      'alerts.escalate.after',
    );
  });
});

describe('alerts.fallback', () => {
  const policy = (fallback: Record<string, string[]>): DeliveryPolicy => ({ fallback, standby: [] });

  it('a channel out of retries hands its alerts to its fallback, marked; once delivered there it is not re-sent when it recovers', async () => {
    const down: DeliveryOutcome = { status: 'failed', detail: 'HTTP 503 code=? upstream down' };
    const feishu = scripted('feishu', [down, down, down]);
    const hook = scripted('hook', [{ status: 'failed', detail: 'no answer from 127.0.0.1:9: ECONNREFUSED' }]);
    // The hook is feishu's fallback only: it gets nothing first.
    const standby: DeliveryPolicy = { fallback: { feishu: ['hook'] }, standby: ['hook'] };
    const first = await outboxWith(standby, [feishu.ch, hook.ch]);
    const { dir, clock } = first;
    await first.ob.enqueue(alert('a1', 'critical'));
    await first.ob.flush();
    expect(feishu.got).toHaveLength(1);
    expect(hook.got).toHaveLength(0);
    clock.t += 10 * MIN;
    await first.ob.flush();
    // The second failure: out of retries for now; the hook is tried (and refuses once).
    expect(feishu.got).toHaveLength(2);
    expect(hook.titles()).toEqual(['a1 (via fallback for feishu)']);
    expect(hook.got[0]!.reply.lines![0]).toBe('↪ via fallback for feishu (feishu: HTTP 503 code=? upstream down)');
    expect(first.ob.entries()[0]!.pending.sort()).toEqual(['feishu', 'hook']);
    await first.ob.stop();

    // gatewatch restarts: the handover is on disk. Both retry; feishu fails once more, the hook delivers.
    const again = await outboxWith(standby, [hook.ch, feishu.ch], { dir, clock });
    clock.t += 10 * MIN;
    await again.ob.flush();
    expect(feishu.got).toHaveLength(3);
    expect(hook.got).toHaveLength(2);
    expect(again.ob.entries()).toEqual([]);
    // feishu recovers, but is not asked again: the fallback delivered it.
    clock.t += 60 * MIN;
    await again.ob.flush();
    expect(feishu.got).toHaveLength(3);
    expect(JSON.parse(await readFile(path.join(dir, 'outbox.json'), 'utf8')).entries).toEqual([]);
  });

  it('a refused (deferred) or permanently failed send falls back at once; a later confirmation is not a second send', async () => {
    const qq = scripted('qq', [{ status: 'deferred', detail: 'proactive message refused (40034102)' }]);
    const feishu = scripted('feishu', [
      { status: 'failed', detail: 'code=230002 bot is not in the chat', permanent: true },
    ]);
    const hook = scripted('hook');
    const { ob } = await outboxWith(policy({ qq: ['hook'], feishu: ['hook'] }), [qq.ch, feishu.ch]);
    await ob.enqueue(alert('q1', 'critical'));
    await ob.flush();
    expect(ob.entries()[0]!.pending.sort()).toEqual(['feishu', 'hook', 'qq']);
    ob.setChannels([qq.ch, feishu.ch, hook.ch]);
    await ob.flush();
    // One push for both: the hook stands in for the first that fell back, and that covers the other too.
    expect(hook.titles()).toEqual(['q1 (via fallback for qq)']);
    expect(ob.entries()).toEqual([]);
    // The operator writes to QQ later; the held alert is not among what QQ still owes.
    expect(ob.pendingFor('qq')).toEqual([]);
    await ob.confirm('q1', 'qq', 'passive reply');
    expect(ob.entries()).toEqual([]);
  });

  it('the primary recovering first withdraws the fallback; a fallback that already had the alert covers at once; chains stand in for the first', async () => {
    const clock = { t: 0 };
    const fail = (detail: string): DeliveryOutcome => ({ status: 'failed', detail });
    const a = scripted('a', [fail('x'), fail('x'), fail('x')]);
    const b = scripted('b', [fail('y'), fail('y'), fail('y')]);
    const c = scripted('c', [fail('z')]);
    const { ob } = await outboxWith(policy({ a: ['b'], b: ['c'] }), [a.ch, b.ch, c.ch], { clock });
    await ob.enqueue(alert('r1', 'critical', { to: ['a'] }));
    for (let i = 0; i < 3; i++) {
      await ob.flush();
      clock.t += 10 * MIN;
    }
    // a failed twice → b, which failed twice → c, which stands in for a (not for b) and refused once.
    expect(b.titles()).toEqual(['r1 (via fallback for a)', 'r1 (via fallback for a)']);
    expect(c.titles()).toEqual(['r1 (via fallback for a)']);
    expect(ob.entries()[0]!.pending.sort()).toEqual(['a', 'b', 'c']);
    // a recovers first: its fallbacks are withdrawn and never send it.
    await ob.flush();
    expect(a.got).toHaveLength(4);
    expect(ob.entries()).toEqual([]);
    clock.t += 60 * MIN;
    await ob.flush();
    expect(b.got).toHaveLength(2);
    expect(c.got).toHaveLength(1);

    // Routed to both; b already has it when a gives up: a is covered without another push.
    const a2 = scripted('a', [{ status: 'failed', detail: 'x', permanent: true }]);
    const b2 = scripted('b');
    const second = await outboxWith(policy({ a: ['b'] }), [b2.ch, a2.ch]);
    await second.ob.enqueue(alert('r2', 'critical'));
    await second.ob.flush();
    expect(b2.titles()).toEqual(['r2']);
    expect(a2.got).toHaveLength(1);
    expect(second.ob.entries()).toEqual([]);
  });
});

// ---------- escalation, through the real app ----------

const finding = (severity: Severity, check = 'process_down'): Finding => ({
  check,
  target: 'default',
  severity,
  title: 'Gateway process is not running',
  explanation: 'The gateway process exited.',
  action: 'Restart it.',
  evidence: [],
  restart: 'helps',
});

async function appOn(dir: string, clock: { t: number }, channels: Channel[], yaml: string): Promise<App> {
  const c = cfg(
    `channels:\n  notifiers:\n    - { type: ntfy, name: ops, url: "http://127.0.0.1:1/a" }\n    - { type: ntfy, name: pager, url: "http://127.0.0.1:1/b" }\n${yaml}`,
    dir,
  );
  const app = await createApp(c, { log, clock: clockAt(() => clock.t) });
  for (const ch of channels) await app.addChannel(ch);
  return app;
}

const ESCALATE = `alerts:
  routes:
    - { severity: [critical, warning, info, ok], channels: [ops] }
  escalate: { after: 10m, channels: [pager] }
`;

describe('alerts.escalate', () => {
  it('a critical incident nobody acked is sent to the escalation channels once, after `after`, and not again after a restart', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-escalate-'));
    const clock = { t: Date.UTC(2026, 10, 22, 10, 0, 0) };
    const ops = scripted('ops');
    const pager = scripted('pager');
    let app = await appOn(dir, clock, [ops.ch, pager.ch], ESCALATE);
    await app.judge('default', [finding('critical'), finding('warning', 'log_flood')]);
    await app.outbox.flush();
    expect(ops.got.map((a) => a.kind)).toEqual(['open', 'open']);
    expect(pager.got).toEqual([]);

    // Still open, unacked, 5 minutes in: gatewatch restarts.
    clock.t += 5 * MIN;
    await app.judge('default', [finding('critical'), finding('warning', 'log_flood')]);
    await app.stop();
    app = await appOn(dir, clock, [ops.ch, pager.ch], ESCALATE);
    clock.t += 4 * MIN + 59_000;
    await app.judge('default', [finding('critical'), finding('warning', 'log_flood')]);
    await app.outbox.flush();
    expect(pager.got).toEqual([]);

    clock.t += 1_000;
    await app.judge('default', [finding('critical'), finding('warning', 'log_flood')]);
    await app.outbox.flush();
    // Only the critical one, only to the escalation channel, saying why.
    expect(pager.got).toHaveLength(1);
    expect(pager.got[0]!.reply.title).toBe(
      'Escalated: default: Gateway process is not running — not acknowledged for 10m',
    );
    expect(pager.got[0]!.reply.lines![0]).toBe('escalated: not acknowledged for 10m');
    expect(ops.got.filter((a) => a.kind === 'escalate')).toEqual([]);
    const audit = (await readFile(path.join(dir, 'state', 'audit.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(audit.filter((r) => r.type === 'alert.open' && r.detail?.kind === 'escalate')).toHaveLength(1);

    // Another restart an hour later: nothing repeats.
    await app.stop();
    app = await appOn(dir, clock, [ops.ch, pager.ch], ESCALATE);
    clock.t += 60 * MIN;
    await app.judge('default', [finding('critical'), finding('warning', 'log_flood')]);
    await app.outbox.flush();
    expect(pager.got).toHaveLength(1);

    // It recovers and breaks again: a new outage, escalated again once due.
    await app.judge('default', []);
    clock.t += MIN;
    await app.judge('default', [finding('critical')]);
    clock.t += 10 * MIN;
    await app.judge('default', [finding('critical')]);
    await app.outbox.flush();
    expect(pager.got).toHaveLength(2);
    await app.stop();
  });

  it('counts from the alert, not from when the outage began: a gateway found dead for an hour still gives `after` to react', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-escalate-'));
    const clock = { t: Date.UTC(2026, 10, 22, 10, 0, 0) };
    const pager = scripted('pager');
    const app = await appOn(dir, clock, [scripted('ops').ch, pager.ch], ESCALATE);
    const old = { ...finding('critical'), since: clock.t - 60 * MIN };
    await app.judge('default', [old]);
    await app.outbox.flush();
    expect(pager.got).toEqual([]);
    clock.t += 9 * MIN;
    await app.judge('default', [old]);
    await app.outbox.flush();
    expect(pager.got).toEqual([]);
    clock.t += MIN;
    await app.judge('default', [old]);
    await app.outbox.flush();
    expect(pager.titles()).toEqual(['Escalated: default: Gateway process is not running — not acknowledged for 10m']);
    await app.stop();
  });

  it('/ack before `after` stops it, and so does the recovery; an escalation still queued is withdrawn by the ack', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-escalate-'));
    const clock = { t: Date.UTC(2026, 10, 22, 10, 0, 0) };
    const ops = scripted('ops');
    const pager = scripted('pager', [{ status: 'failed', detail: 'HTTP 502' }]);
    const app = await appOn(dir, clock, [ops.ch, pager.ch], ESCALATE);

    await app.judge('default', [finding('critical')]);
    clock.t += 3 * MIN;
    expect((await app.core.ack('alice')).map((i) => i.check)).toEqual(['process_down']);
    clock.t += 20 * MIN;
    await app.judge('default', [finding('critical')]);
    await app.outbox.flush();
    expect(pager.got).toEqual([]);

    // A second one recovers before it is due.
    await app.judge('default', [finding('critical', 'qq_max_reconnect')]);
    clock.t += 5 * MIN;
    await app.judge('default', []);
    clock.t += 20 * MIN;
    await app.judge('default', []);
    await app.outbox.flush();
    expect(pager.got).toEqual([]);

    // A third outage is escalated, but the pager refuses; the operator acks before the retry.
    await app.judge('default', [finding('critical', 'gateway_hung')]);
    clock.t += 10 * MIN;
    await app.judge('default', [finding('critical', 'gateway_hung')]);
    await app.outbox.flush();
    expect(pager.got).toHaveLength(1);
    expect(app.outbox.pendingFor('pager')).toHaveLength(1);
    await app.core.ack('alice');
    expect(app.outbox.pendingFor('pager')).toEqual([]);
    clock.t += 60 * MIN;
    await app.outbox.flush();
    expect(pager.got).toHaveLength(1);
    await app.stop();
  });
});
