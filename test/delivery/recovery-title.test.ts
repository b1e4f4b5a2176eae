// Issue 55 item 2: a recovery's title says what happened now, never the problem again. "✅ Recovered — default: QQ
// cannot be reached from this host; Hermes keeps retrying (down 1m 47s)" read as if QQ still could not be reached,
// and "reconnects it at its next retry" came after Hermes had reconnected it. Now: what is back, who brought it back
// (gatewatch's restart, an operator's, Hermes' own reconnect, a start outside gatewatch) and how long it was down; a
// storm says how many drops there were in all and how many its alert said, not "down 0s". Through the incident machine
// to the alert's words, in both locales.
import { describe, expect, it } from 'vitest';
import { step, type IncidentState } from '../../src/incidents/machine.js';
import { incidentAlert } from '../../src/delivery/alerts.js';
import { platformsParam, wordFinding } from '../../src/i18n.js';
import type { RestartRecord } from '../../src/actions/restart-policy.js';
import type { Finding, FindingParam, Locale } from '../../src/types.js';
import type { FindingKey } from '../../src/text/findings-en.js';
import '../../src/platforms/index.js';

const INC = { remindEveryMs: 60 * 60_000, flap: { transitions: 4, withinMs: 30 * 60_000 } };
const T0 = Date.UTC(2026, 6, 3, 8, 0, 0);

const finding = (
  check: string,
  key: FindingKey,
  params: Record<string, FindingParam>,
  o: Partial<Finding> = {},
): Finding => ({
  target: 'default',
  check,
  severity: 'critical',
  title: check,
  explanation: '',
  action: '',
  evidence: [],
  restart: 'wait',
  text: { key, params },
  ...o,
});

const QQ_PARAMS = {
  name: 'QQ',
  platform: 'qqbot',
  ago: '1m 47s',
  error: 'boom',
  next: '20s',
  restart_cmd: '/restart default',
};

/** The recovery of a finding found at T0 and gone `after` ms later (found again between as `later`). */
function recovery(
  locale: Locale,
  first: Finding,
  after: number,
  o: { later?: Finding; restarts?: RestartRecord[]; connects?: number[] } = {},
) {
  let s: IncidentState = step({}, 'default', [first], T0, INC, false, {
    ...(first.platform ? {} : { down: true }),
  }).state;
  if (o.later) s = step(s, 'default', [o.later], T0 + after / 2, INC, false).state;
  const done = step(s, 'default', [], T0 + after, INC, false, {
    ...(first.platform ? { connects: { [first.platform]: o.connects ?? [T0 + after] } } : { upAt: T0 + after }),
  });
  const ev = done.events.find((e) => e.kind === 'resolve')!;
  return {
    alert: incidentAlert(ev, locale, T0 + after, INC.flap.withinMs, { restarts: o.restarts ?? [] }),
    problem: wordFinding(locale, first).title,
  };
}

const WORDS = {
  en: {
    hermes: 'default: QQ is back: Hermes reconnected it, down 1m 47s',
    restart: 'default: the gateway is back: gatewatch restarted the gateway, down 8s',
    operator: 'default: the gateway is back: alice restarted the gateway, down 8s',
    outside: 'default: the gateway is back: started again outside gatewatch, down 8s',
    storm: 'default: the drops of QQ have eased: 8 drops in all, 5 when alerted',
    lasted: 'lasted',
  },
  'zh-CN': {
    hermes: 'default：QQ 已恢复：Hermes 自行重连，中断 1 分钟 47 秒',
    restart: 'default：网关已恢复：gatewatch 重启了网关，中断 8 秒',
    operator: 'default：网关已恢复：alice 重启了网关，中断 8 秒',
    outside: 'default：网关已恢复：在 gatewatch 之外重新启动，中断 8 秒',
    storm: 'default：QQ 的掉线已平息：共 8 次，告警时 5 次',
    lasted: '持续',
  },
} as const;

const restart = (actor: string, at: number): RestartRecord => ({
  target: 'default',
  at,
  endedAt: at + 5_000,
  ok: true,
  actor,
  reason: 'x',
  outcome: { kind: 'verified', platforms: ['qqbot'] },
});

describe.each(['en', 'zh-CN'] as const)('a recovery says what happened now (%s)', (locale) => {
  const w = WORDS[locale];

  it('QQ unreachable, Hermes reconnected it: what is back and who did it, not the problem', () => {
    const f = finding('platform_down', 'finding.platform_unreachable', QQ_PARAMS, { platform: 'qqbot' });
    const { alert, problem } = recovery(locale, f, 107_000);
    expect(alert.reply.title).toBe(w.hermes);
    expect(alert.reply.title).not.toContain(problem);
  });

  it('"reconnects it at its next retry" is not said once Hermes reconnected', () => {
    const f = finding('platform_down', 'finding.platform_answering', QQ_PARAMS, { platform: 'qqbot' });
    const { alert, problem } = recovery(locale, f, 107_000);
    expect(alert.reply.title).toBe(w.hermes);
    expect(alert.reply.title).not.toContain(problem);
    expect(JSON.stringify(alert.reply)).not.toMatch(/next retry|下次重试/);
  });

  it('a death: whose restart brought the gateway back', () => {
    const f = finding('state_stale_running', 'finding.state_stale_running.killed', {}, { restart: 'helps' });
    expect(recovery(locale, f, 8_000, { restarts: [restart('gatewatch', T0 + 1_000)] }).alert.reply.title).toBe(
      w.restart,
    );
    expect(recovery(locale, f, 8_000, { restarts: [restart('alice', T0 + 1_000)] }).alert.reply.title).toBe(w.operator);
    expect(recovery(locale, f, 8_000).alert.reply.title).toBe(w.outside);
  });

  it('a storm: the drops in all and when alerted, how long it lasted, never "down 0s"', () => {
    // The platforms as the detector gives them: a name to word in the locale (the chaos soak's "[object Object]").
    const params = { count: '5', window: '10m', platforms: platformsParam(['qqbot']), tools: '' };
    const f = finding('disconnect_storm', 'finding.disconnect_storm', params, {
      platform: 'qqbot',
      severity: 'warning',
    });
    const later = { ...f, text: { key: 'finding.disconnect_storm' as FindingKey, params: { ...params, count: '8' } } };
    const { alert, problem } = recovery(locale, f, 600_000, { later, connects: [T0 + 500] });
    expect(alert.reply.title).toBe(w.storm);
    expect(alert.reply.title).not.toContain(problem);
    expect(alert.reply.fields?.find((x) => x.label === w.lasted)?.value).toMatch(/^10/);
  });
});

describe.each(['en', 'zh-CN'] as const)('a recovery beside a critical incident still open (%s)', (locale) => {
  // The played story: the gateway back after a crash while state.db refused every write, said with a green tick.
  const died = finding(
    'state_stale_running',
    'finding.state_stale_running.killed',
    { state: 'running' },
    { restart: 'helps' },
  );
  const wal = finding('state_db_failing', 'finding.state_db_failing.wal_deleted', {}, { restart: 'never' });
  const still = { en: 'Still open: 🔴 ', 'zh-CN': '仍未解决：🔴 ' }[locale];

  it('is no all-clear: no green tick, and it names what is still open', () => {
    let s: IncidentState = step({}, 'default', [died], T0, INC, false, { down: true }).state;
    const done = step(s, 'default', [wal], T0 + 8_000, INC, false, { upAt: T0 + 8_000 });
    s = done.state;
    const ev = done.events.find((e) => e.kind === 'resolve')!;
    const open = Object.values(s)
      .filter((i) => i.status === 'open')
      .map((i) => i.finding);
    const a = incidentAlert(ev, locale, T0 + 8_000, INC.flap.withinMs, { restarts: [], stillOpen: open });
    expect(a.reply.tone).toBe('info');
    expect(a.reply.lines?.[0]).toBe(`${still}${wordFinding(locale, wal).title}`);
    const alone = incidentAlert(ev, locale, T0 + 8_000, INC.flap.withinMs, { restarts: [] });
    expect(alone.reply.tone).toBe('ok');
    expect(alone.reply.lines?.join('\n') ?? '').not.toContain(still);
  });
});
