// Issue 51 item 1: every alert tells one story. One fault sequence at a time, on the test's own clock, with a real
// gateway process, a real supervisor command that replaces it and real probes on loopback: every alert, hold, recovery
// and escalation gatewatch sends is collected, and no two of its sentences may disagree (the advice, the hold and its
// time, the retry words, the scope).
import { afterEach, describe, expect, it } from 'vitest';
import { comebackPort } from './helpers/ports.js';
import { answer, closeScenes, QQ, scene, UNREACHABLE, type Scene } from './helpers/story-scene.js';
import type { Alert, AuditRecord, Locale } from '../src/types.js';
import { clock as hhmmss } from '../src/actions/restart-policy.js';

afterEach(closeScenes);

/** Every sentence of an alert: its title, its fields (label: value) and its lines. */
const sentences = (a: Alert) => [
  a.reply.title,
  ...(a.reply.fields ?? []).map((f) => `${f.label}: ${f.value}`),
  ...(a.reply.lines ?? []),
];

/** The words each rule reads, in each locale. */
const WORDS: Record<Locale, Record<string, RegExp>> = {
  en: {
    gaveUp: /never retries|stopped retrying|stopped trying/,
    retrying: /keeps retrying|reconnects once its servers answer|at its next retry/,
    restartsAt: /It restarts at (\d\d:\d\d:\d\d)/,
    yes: /^auto-restart: yes\b/,
    notOurs: /^whose failure: (this host's network|the platform, for everyone)/,
    restartNow: /^→ (Restart|Start) the gateway/,
    resolvesOnce: /resolves once Hermes connects/,
    heldUpstream: /^auto-restart: held \(upstream unreachable/,
    restartAdvised: /^→ .*restart the gateway/i,
  },
  'zh-CN': {
    gaveUp: /不会再尝试|已停止重试/,
    retrying: /正在自动重试|会继续重试|下次重试时重连/,
    restartsAt: /将于 (\d\d:\d\d:\d\d) 重启/,
    yes: /^自动重启: 会/,
    notOurs: /^是谁的问题: (本机网络|平台本身)/,
    restartNow: /^→ 重启网关|^→ 重新启动网关/,
    resolvesOnce: /连上后事件自动解决/,
    heldUpstream: /^自动重启: .*本机无法连接上游/,
    restartAdvised: /^→ .*(重启网关|重新启动网关)/,
  },
};

/**
 * The sentences of a sequence that disagree, each pair said as one line (none: one story). `connected`: when QQ
 * connected again (a promise that something resolves once it does must not be followed by a recovery before).
 */
function disagreements(alerts: Alert[], audit: AuditRecord[], locale: Locale, connected = Infinity): string[] {
  const w = WORDS[locale];
  const out: string[] = [];
  const begins = audit.filter((r) => r.type === 'restart.begin').map((r) => Date.parse(r.ts));
  // Between two restarts Hermes is one process: it cannot both have given up on QQ and keep retrying it. An alert
  // that answers a restart (its result, a recovery) comes after it, one that opens or reminds in its tick before.
  const segment = (a: Alert) =>
    begins.filter((b) => b < a.createdAt || (b === a.createdAt && ['restart', 'resolve', 'escalate'].includes(a.kind)))
      .length;
  const said = alerts.map((a) => ({ a, s: sentences(a), seg: segment(a) }));
  for (const x of said)
    for (const y of said) {
      if (x.seg !== y.seg) continue;
      const gave = x.s.find((t) => w.gaveUp!.test(t));
      const retry = y.s.find((t) => w.retrying!.test(t));
      if (gave && retry) out.push(`retry words: "${gave}" / "${retry}"`);
    }
  for (const x of said) {
    // A stated time is a restart at that time.
    for (const t of x.s) {
      const m = w.restartsAt!.exec(t);
      if (!m) continue;
      const at = begins.filter((b) => [0, 1, 2].some((d) => hhmmss(b - d * 1000) === m[1]));
      if (!at.length) out.push(`a time nothing happened at: "${t}"`);
    }
    // Whose failure against what to do, in one alert.
    const scope = x.s.find((t) => w.notOurs!.test(t));
    const act = x.s.find((t) => w.restartNow!.test(t) || w.yes!.test(t));
    if (scope && act) out.push(`scope and advice: "${scope}" / "${act}"`);
    // A restart held while the servers do not answer here is not what to do now.
    const upstream = x.s.find((t) => w.heldUpstream!.test(t));
    const advised = x.s.find((t) => w.restartAdvised!.test(t));
    if (upstream && advised) out.push(`hold and advice: "${upstream}" / "${advised}"`);
    // "yes" is a restart: not a budget given up on before one begins.
    const yes = x.s.find((t) => w.yes!.test(t));
    if (yes) {
      const next = begins.find((b) => b >= x.a.createdAt) ?? Infinity;
      const esc = alerts.find((a) => a.kind === 'escalate' && a.createdAt >= x.a.createdAt && a.createdAt <= next);
      if (esc) out.push(`advice and budget: "${yes}" / "${esc.reply.title}"`);
    }
    const promise = x.s.find((t) => w.resolvesOnce!.test(t));
    const early =
      promise && alerts.find((a) => a.kind === 'resolve' && a.createdAt >= x.a.createdAt && a.createdAt < connected);
    if (early) out.push(`a promise not kept: "${promise}" / "${early.reply.title}"`);
  }
  return [...new Set(out)];
}

const show = (alerts: Alert[]) =>
  alerts.map((a) => `${new Date(a.createdAt).toISOString()} ${a.kind}\n  ${sentences(a).join('\n  ')}`).join('\n');

/** The sequence's alerts, its audit, and what the two say together. */
async function story(s: Scene, locale: Locale, connected?: number) {
  const audit = await s.h.auditRecords();
  const told = disagreements(s.p.got, audit, locale, connected);
  expect(told, show(s.p.got)).toEqual([]);
  return audit;
}

const types = (audit: AuditRecord[], type: string) => audit.filter((r) => r.type === type);
const codes = (audit: AuditRecord[]) => types(audit, 'restart.skip').map((r) => (r.detail as { code: string }).code);

describe.each(['en', 'zh-CN'] as const)('one story (%s)', (locale) => {
  it("QQ gave up reconnecting over this host's network: not yet, then restarted once QQ answers from here", async () => {
    const qqPort = await comebackPort();
    const egressPort = await comebackPort();
    const s = await scene({ qqPort, egressPort, locale });
    // gatewatch restarted it two minutes ago: its cooldown holds for three minutes more.
    const now = s.clock.now();
    s.h.app.core.state.restarts.push({
      target: 'default',
      at: now - 130_000,
      endedAt: now - 120_000,
      ok: true,
      actor: 'gatewatch',
      reason: 'qq_session_timeout',
      checks: ['qq_session_timeout'],
    });
    await s.log(`WARNING ${QQ} WebSocket error: WebSocket closed`);
    for (let i = 1; i <= 3; i++) {
      await s.log(`INFO ${QQ} Reconnecting in 2s (attempt ${i})...`);
      await s.clock.advance(2_000);
      await s.log(`WARNING ${QQ} Reconnect failed: ${UNREACHABLE}`, `WARNING ${QQ} WebSocket error: WebSocket closed`);
    }
    await s.log(`ERROR ${QQ} Max reconnect attempts reached`);
    await s.state('disconnected');
    await s.clock.advance(1_000);
    await s.h.app.core.evaluate('default');
    await s.settle();
    const open = s.p.got.find((a) => a.kind === 'open')!;
    expect(
      open.reply.fields?.find((f) => f.value.startsWith(locale === 'en' ? "this host's network" : '本机网络')),
    ).toBeDefined();
    // Past the cooldown's end: nothing is said that was not said, nothing restarts while QQ does not answer.
    await s.clock.advance(4 * 60_000);
    await s.h.app.core.evaluate('default');
    await s.settle();
    expect(types(await s.h.auditRecords(), 'restart.begin')).toEqual([]);
    expect(s.p.got.map((a) => a.kind)).toEqual(['open']);
    // The network is back: QQ's servers and the egress host answer. The restart comes, QQ connects, it resolves.
    await answer(qqPort);
    await answer(egressPort);
    await s.clock.advance(60_000);
    await s.h.app.core.evaluate('default');
    await s.settle();
    const audit = await story(s, locale);
    expect(types(audit, 'restart.begin')).toHaveLength(1);
    expect(types(audit, 'restart.ok')).toHaveLength(1);
    expect(s.p.got.map((a) => a.kind)).toEqual(['open', 'remind', 'restart', 'resolve']);
  }, 60_000);

  it('a kill with the restart budget spent: one alert says no automatic restart and why; /restart brings it back', async () => {
    const s = await scene({ qqPort: await comebackPort(), locale });
    const now = s.clock.now();
    for (const ago of [50, 35, 20])
      s.h.app.core.state.restarts.push({
        target: 'default',
        at: now - ago * 60_000,
        endedAt: now - ago * 60_000 + 30_000,
        ok: false,
        actor: 'gatewatch',
        reason: 'state_stale_running',
        checks: ['state_stale_running'],
        detail: 'not verified within 30s',
      });
    await s.log('INFO gateway.run: Gateway housekeeping started (interval=60s)');
    process.kill(await s.pid(), 'SIGKILL');
    await s.clock.advance(1_000);
    await s.h.app.core.evaluate('default');
    await s.settle();
    await s.clock.advance(60_000);
    await s.h.app.core.evaluate('default');
    await s.settle();
    let audit = await story(s, locale);
    expect(codes(audit)).toEqual(['budget', 'escalated']);
    expect(s.p.got.map((a) => a.kind)).toEqual(['open']);
    const lines = sentences(s.p.got[0]!).join('\n');
    expect(lines).toContain(
      locale === 'en'
        ? 'auto-restart: no: 3 automatic restarts in the last 1h did not stick'
        : '自动重启: 不会：最近 1 小时内有 3 次自动重启没有解决问题',
    );
    expect(lines).not.toMatch(WORDS[locale]!.yes!);
    // The operator restarts it: it comes back, and the death resolves.
    await s.h.say('/restart default');
    await s.settle();
    audit = await story(s, locale);
    expect(types(audit, 'restart.ok')).toHaveLength(1);
    expect(s.p.got.map((a) => a.kind)).toEqual(['open', 'restart', 'resolve']);
  }, 60_000);

  it('a kill inside the cooldown: the hold names a time, and the restart comes at that time', async () => {
    const s = await scene({ qqPort: await comebackPort(), locale });
    const now = s.clock.now();
    s.h.app.core.state.restarts.push({
      target: 'default',
      at: now - 70_000,
      endedAt: now - 60_000,
      ok: true,
      actor: 'gatewatch',
      reason: 'qq_session_timeout',
      checks: ['qq_session_timeout'],
    });
    await s.kill();
    await s.clock.advance(1_000);
    await s.h.app.core.evaluate('default');
    await s.settle();
    expect(types(await s.h.auditRecords(), 'restart.begin')).toEqual([]);
    // The cooldown's end: its timer looks again, and the restart comes.
    await s.clock.advance(4 * 60_000);
    await s.settle();
    const audit = await story(s, locale);
    expect(types(audit, 'restart.begin')).toHaveLength(1);
    expect(s.p.got.map((a) => a.kind)).toEqual(['open', 'restart', 'resolve']);
    expect(sentences(s.p.got[0]!).some((t) => WORDS[locale]!.restartsAt!.test(t))).toBe(true);
  }, 60_000);

  it('a restart while QQ stays unreachable: no promise the death keeps open', async () => {
    const s = await scene({ qqPort: await comebackPort(), locale });
    await s.mode('unreachable');
    await s.log('INFO gateway.run: Gateway housekeeping started (interval=60s)');
    process.kill(await s.pid(), 'SIGKILL');
    await s.clock.advance(1_000);
    await s.h.app.core.evaluate('default');
    await s.settle();
    await s.qqRetries(3);
    const connected = await s.qqBack();
    await s.clock.advance(5_000);
    await s.h.app.core.evaluate('default');
    await s.settle();
    const audit = await story(s, locale, connected);
    expect(types(audit, 'restart.ok')).toHaveLength(1);
    // Every incident of the sequence ended: the death when the gateway served again, QQ's when QQ connected.
    expect(Object.values(s.h.app.core.state.incidents).filter((i) => i.status === 'open')).toEqual([]);
  }, 60_000);
});
