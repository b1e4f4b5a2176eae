import { describe, expect, it } from 'vitest';
import {
  budgetLine,
  budgetSummary,
  busyAgents,
  decideAutoRestart,
  drainHold,
  restartGate,
  restartsAtOnce,
  type PolicyInput,
  type RestartRecord,
} from '../../src/actions/restart-policy.js';
import { escalateAlert } from '../../src/delivery/alerts.js';
import { renderText } from '../../src/delivery/render-text.js';
import { runRestart, verifyRestarted } from '../../src/actions/restart.js';
import { MIN, policyInput } from '../helpers/policy-input.js';
import { restartOf } from '../helpers/restart-job.js';
import type { Finding, RestartAdvice } from '../../src/types.js';

const s = { autoRestart: true, maxRestarts: 3, windowMs: 60 * MIN, cooldownMs: 2 * MIN };
const f = (check: string, restart: RestartAdvice): Finding => ({
  check,
  target: 'gw',
  severity: 'critical',
  title: check,
  explanation: '',
  action: '',
  evidence: [],
  restart,
});
const input = (o: Partial<PolicyInput> = {}): PolicyInput => policyInput([f('qq_reconnect_exhausted', 'helps')], o);
const restarted = (min: number, actor = 'gatewatch'): RestartRecord => ({
  target: 'gw',
  at: min * MIN,
  endedAt: min * MIN + 20_000,
  ok: true,
  actor,
  reason: 'qq_reconnect_exhausted',
});

describe('restart policy', () => {
  it('restarts where a restart helps', () => {
    expect(decideAutoRestart(input(), s)).toMatchObject({ action: 'restart', checks: ['qq_reconnect_exhausted'] });
  });
  it('does nothing for findings a restart does not fix or that should wait', () => {
    expect(decideAutoRestart(input({ findings: [f('disconnect_storm', 'wait')] }), s)).toEqual({ action: 'none' });
    expect(decideAutoRestart(input({ findings: [] }), s)).toEqual({ action: 'none' });
  });
  it('never restarts while an unrecoverable cause is present', () => {
    const d = decideAutoRestart(input({ findings: [f('qq_banned', 'never'), f('platform_down', 'helps')] }), s);
    expect(d).toMatchObject({ action: 'skip', code: 'unrecoverable' });
    const banned = { ...f('qq_banned', 'never'), platform: 'qqbot' };
    expect(
      decideAutoRestart(input({ findings: [{ ...f('qq_banned', 'never'), platform: 'qqbot' }] }), s),
    ).toMatchObject({ action: 'skip', code: 'unrecoverable' });
    const sameP = decideAutoRestart(
      input({ findings: [banned, { ...f('qq_zombie', 'helps'), platform: 'qqbot' }] }),
      s,
    );
    expect(sameP).toMatchObject({ action: 'skip', code: 'unrecoverable' });
  });
  it('a platform-only unrecoverable cause does not block a restart that fixes another platform', () => {
    const banned = { ...f('qq_banned', 'never'), platform: 'qqbot' };
    const executor = { ...f('feishu_executor_shutdown', 'helps'), platform: 'feishu' };
    expect(decideAutoRestart(input({ findings: [banned, executor] }), s)).toMatchObject({
      action: 'restart',
      checks: ['feishu_executor_shutdown'],
    });
  });
  it('a platform cause a restart makes worse holds every restart (DingTalk after rapid restarts, §9.7)', () => {
    const routing = { ...f('platform_deaf', 'never'), platform: 'dingtalk', worse: true };
    const executor = { ...f('feishu_executor_shutdown', 'helps'), platform: 'feishu' };
    expect(decideAutoRestart(input({ findings: [routing, executor] }), s)).toMatchObject({
      action: 'skip',
      code: 'unrecoverable',
    });
  });
  it('never restarts while starting, draining, or while systemd is already restarting it', () => {
    expect(decideAutoRestart(input({ gatewayState: 'starting' }), s)).toMatchObject({
      action: 'skip',
      code: 'transition',
    });
    expect(decideAutoRestart(input({ gatewayState: 'draining' }), s)).toMatchObject({
      action: 'skip',
      code: 'transition',
    });
    expect(
      decideAutoRestart(
        input({ service: { manager: 'systemd', restarting: true, state: 'activating/auto-restart' } }),
        s,
      ),
    ).toMatchObject({ action: 'skip', code: 'supervisor' });
  });
  it('one restart at a time', () => {
    expect(decideAutoRestart(input({ inProgress: true }), s)).toMatchObject({ action: 'skip', code: 'busy' });
  });
  it('waits out the cooldown after the last restart ended', () => {
    expect(decideAutoRestart(input({ history: [restarted(99)] }), s)).toMatchObject({
      action: 'skip',
      code: 'cooldown',
    });
    expect(decideAutoRestart(input({ history: [restarted(97)] }), s)).toMatchObject({ action: 'restart' });
  });
  it('an outage upstream holds before the cooldown: a cooldown ending while the servers do not answer names no time (issue 51)', () => {
    // On main the cooldown's hold said "It restarts at 05:27:51"; at 05:27:51 the upstream hold came instead.
    const qq = { ...f('qq_reconnect_exhausted', 'helps'), platform: 'qqbot' };
    const held = decideAutoRestart(policyInput([qq], { history: [restarted(99)], unreachable: ['qqbot'] }), s);
    expect(held).toMatchObject({
      action: 'skip',
      code: 'upstream',
      hold: { code: 'upstream', platforms: ['qqbot'], gaveUp: ['qqbot'] },
    });
    expect((held as { hold: { until?: number } }).hold.until).toBeUndefined();
    // Once QQ answers, the cooldown (and its time) is what holds.
    expect(decideAutoRestart(policyInput([qq], { history: [restarted(99)] }), s)).toMatchObject({ code: 'cooldown' });
    // Still retrying: no gaveUp, and its words say Hermes retries.
    const retrying = { ...f('platform_down', 'helps'), platform: 'qqbot' };
    const hold = decideAutoRestart(policyInput([retrying], { unreachable: ['qqbot'] }), s);
    expect(hold).toMatchObject({ hold: { code: 'upstream', platforms: ['qqbot'] } });
    expect((hold as { hold: { gaveUp?: string[] } }).hold.gaveUp).toBeUndefined();
  });
  it('a restart only put off says what holds it and until when', () => {
    // The cooldown runs from the end of the last restart (99 min + 20 s) for 2 min, and the hold names that end as its
    // origin (issue 35 item 11: it named the restart's start, so "2m after 10:00:00" read as ending at 10:02:20).
    const held = decideAutoRestart(input({ history: [restarted(99)] }), s);
    expect(held).toMatchObject({
      hold: { code: 'cooldown', until: 101 * MIN + 20_000, last: 99 * MIN + 20_000, cooldownMs: 2 * MIN },
    });
    const h = (held as { hold: { until: number; last: number; cooldownMs: number } }).hold;
    expect(h.until - h.last).toBe(h.cooldownMs);
    expect(decideAutoRestart(input({ gatewayState: 'draining' }), s)).toMatchObject({
      hold: { code: 'transition', state: 'draining' },
    });
    expect(
      decideAutoRestart(input({ service: { manager: 'systemd', restarting: true, state: 'activating' } }), s),
    ).toMatchObject({ hold: { code: 'supervisor' } });
    expect(decideAutoRestart(input({ escalated: true }), s)).not.toHaveProperty('hold');
  });
  it('escalates after max_restarts in the window, then stops auto-restarting', () => {
    const history = [restarted(50), restarted(70), restarted(90)];
    expect(decideAutoRestart(input({ history }), s)).toMatchObject({ action: 'escalate' });
    expect(decideAutoRestart(input({ history, escalated: true }), s)).toMatchObject({
      action: 'skip',
      code: 'escalated',
    });
    // Old restarts fall out of the window; operator restarts do not use the automatic budget.
    expect(
      decideAutoRestart(input({ history: [restarted(10), restarted(20), restarted(90, 'alice')] }), s),
    ).toMatchObject({ action: 'restart' });
  });
  it('verified restarts for other causes are successes, not evidence that restarts do not help', () => {
    const other = (min: number, check: string): RestartRecord => ({
      ...restarted(min),
      reason: check,
      checks: [check],
      causes: [`gw:${check}`],
    });
    const history = [
      other(50, 'state_stale_running'),
      other(70, 'feishu_executor_shutdown'),
      other(90, 'gateway_stopped'),
    ];
    expect(decideAutoRestart(input({ findings: [f('qq_session_timeout', 'helps')], history }), s)).toMatchObject({
      action: 'restart',
    });
  });
  it('counts restarts that failed, and restarts for a cause that came back; the escalation names them', () => {
    const same = (min: number, ok = true): RestartRecord => ({
      ...restarted(min),
      ok,
      reason: 'qq_reconnect_exhausted',
      checks: ['qq_reconnect_exhausted'],
      causes: ['gw:qq_reconnect_exhausted'],
    });
    const d = decideAutoRestart(input({ history: [same(50), same(70), same(90)] }), s);
    expect(d).toMatchObject({ action: 'escalate' });
    if (d.action !== 'escalate') return;
    expect(d.counted.map((r) => r.at)).toEqual([50 * MIN, 70 * MIN, 90 * MIN]);
    expect(d.reason).toMatch(
      /^3 automatic restarts in the last 1h did not stick: .*qq_reconnect_exhausted \(verified, came back\)/,
    );
    // Failed restarts count whatever they were for; a verified one for another cause does not.
    const failed = (min: number, check: string): RestartRecord => ({
      ...restarted(min),
      ok: false,
      detail: 'not verified within 30s: missing qqbot disconnected',
      reason: check,
      checks: [check],
      causes: [`gw:${check}`],
    });
    const mixed = [
      failed(50, 'gateway_stopped'),
      failed(60, 'feishu_executor_shutdown'),
      { ...restarted(70), reason: 'x', checks: ['x'], causes: ['gw:x'] },
    ];
    expect(decideAutoRestart(input({ history: mixed }), s)).toMatchObject({ action: 'restart' });
    const e = decideAutoRestart(input({ history: [...mixed, failed(90, 'state_stale_running')] }), s);
    expect(e).toMatchObject({ action: 'escalate' });
    const text = renderText(escalateAlert('gw', e as Extract<typeof e, { action: 'escalate' }>, 'en', 100 * MIN).reply);
    expect(text).toMatch(/for gateway stopped — failed: not verified within 30s/);
    expect(text).toMatch(/for gateway died, state file still says running — failed/);
    expect(text).not.toMatch(/for x\b/);
    expect(text).toMatch(/frees up at \d\d:\d\d:\d\d/);
    expect(
      renderText(escalateAlert('gw', e as Extract<typeof e, { action: 'escalate' }>, 'zh-CN', 100 * MIN).reply),
    ).toMatch(/失败/);
  });
  it('the escalation names each failed restart in the reader’s language: its outcome worded, not its English detail', () => {
    const failed = (min: number, check: string): RestartRecord => ({
      ...restarted(min),
      ok: false,
      detail: 'not verified within 30s: missing qqbot',
      outcome: { kind: 'unverified', withinS: 30, missing: ['qqbot'] },
      reason: check,
      checks: [check],
      causes: [`gw:${check}`],
    });
    const e = decideAutoRestart(
      input({ history: [failed(50, 'gateway_stopped'), failed(60, 'gateway_stopped'), failed(90, 'gateway_stopped')] }),
      s,
    );
    expect(e).toMatchObject({ action: 'escalate' });
    const zh = renderText(
      escalateAlert('gw', e as Extract<typeof e, { action: 'escalate' }>, 'zh-CN', 100 * MIN).reply,
    );
    expect(zh).toContain('30 秒内未验证通过：QQ未连接');
    expect(zh).not.toContain('not verified');
    expect(
      renderText(escalateAlert('gw', e as Extract<typeof e, { action: 'escalate' }>, 'en', 100 * MIN).reply),
    ).toContain('failed: not verified within 30s: QQ is not connected');
  });
  it('a SIGKILL then a SIGTERM are different causes for the budget', () => {
    const kill: RestartRecord = {
      ...restarted(80),
      reason: 'state_stale_running',
      checks: ['state_stale_running'],
      causes: ['gw:state_stale_running#killed'],
    };
    const term = { ...f('state_stale_running', 'helps'), cause: 'SIGTERM' };
    const b = budgetSummary(
      [kill, kill, kill].map((r, i) => ({ ...r, at: r.at + i * MIN })),
      'gw',
      s,
      100 * MIN,
      [term],
    );
    expect(b.used).toBe(2); // the first two came back (as the next one); the last has not
    expect(budgetSummary([kill], 'gw', s, 100 * MIN, [{ ...term, cause: 'killed' }]).used).toBe(1);
  });
  it('budgetSummary says what the budget holds and when it frees up', () => {
    const at = (min: number, check: string, ok = true): RestartRecord => ({
      ...restarted(min),
      ok,
      reason: check,
      checks: [check],
      causes: [`gw:${check}`],
    });
    const history = [at(10, 'a'), at(50, 'a'), at(70, 'b', false), at(80, 'c'), { ...at(85, 'a'), actor: 'alice' }];
    const b = budgetSummary(history, 'gw', s, 100 * MIN, [f('a', 'helps')]);
    expect(b).toMatchObject({ used: 2, max: 3, windowMs: 60 * MIN, nextFreeAt: 110 * MIN });
    expect(b.counted.map((r) => r.reason)).toEqual(['a', 'b']);
    expect(b.recent.map((r) => r.reason)).toEqual(['a', 'b', 'c']);
    const hhmmss = new Date(110 * MIN).toLocaleTimeString('sv-SE');
    expect(budgetLine(b, 'en')).toBe(`restarts 2/3 in 1h, next free ${hhmmss}`);
    expect(budgetLine(budgetSummary([], 'gw', s, 100 * MIN), 'en')).toBe('restarts 0/3 in 1h');
    expect(budgetLine(b, 'zh-CN')).toContain('2/3');
    // Records written by the previous version (no causes) are matched by their reason.
    expect(budgetSummary([{ ...restarted(90), reason: 'a' }], 'gw', s, 100 * MIN, [f('a', 'helps')]).used).toBe(1);
  });
  it('honours auto_restart: false and a missing supervisor', () => {
    expect(decideAutoRestart(input(), { ...s, autoRestart: false })).toMatchObject({
      action: 'skip',
      code: 'disabled',
    });
    expect(decideAutoRestart(input({ service: { manager: 'none' } }), s)).toMatchObject({
      action: 'skip',
      code: 'no_supervisor',
    });
  });
  it('never restarts a target that says `restart: false`, whatever runs it', () => {
    const watched = input({ service: { manager: 'systemd', name: 'hermes-gateway.service', watchOnly: true } });
    expect(decideAutoRestart(watched, s)).toMatchObject({ action: 'skip', code: 'watch_only' });
    expect(restartGate(watched, 0)).toMatchObject({ action: 'skip', code: 'watch_only' });
  });
});

describe('restart verification', () => {
  const st = (pid: number, qq = 'connected') => ({
    pid,
    gateway_state: 'running',
    platforms: { feishu: { state: 'connected' }, qqbot: { state: qq } },
  });
  it('needs a new pid and every expected platform connected', () => {
    expect(verifyRestarted({ alive: true, pid: 10, state: st(10) }, 10, ['feishu', 'qqbot']).missing).toContain(
      'new pid',
    );
    expect(verifyRestarted({ alive: true, pid: 11, state: st(10) }, 10, ['feishu', 'qqbot']).missing).toContain(
      'fresh gateway_state.json',
    );
    expect(
      verifyRestarted({ alive: true, pid: 11, state: st(11, 'disconnected') }, 10, ['feishu', 'qqbot']).missing,
    ).toEqual(['qqbot disconnected']);
    expect(verifyRestarted({ alive: true, pid: 11, state: st(11) }, 10, ['feishu', 'qqbot']).ok).toBe(true);
  });
  it('reports success with the time it took, or failure after verify_timeout', async () => {
    let clock = 0;
    const now = () => clock;
    let polls = 0;
    const ok = await restartOf(
      { now, sleep: async () => undefined },
      {
        pollMs: 0,
        probe: async () => {
          clock += 5_000;
          return ++polls < 3 ? { alive: false, state: null } : { alive: true, pid: 11, state: st(11) };
        },
      },
    );
    expect(ok).toMatchObject({ ok: true, durationMs: 15_000 });
    clock = 0;
    const bad = await runRestart({
      target: 'gw',
      actor: 'gatewatch',
      reason: 'r',
      oldPid: 10,
      expectedPlatforms: ['qqbot'],
      verifyTimeoutMs: 30_000,
      clock: { now, sleep: async () => undefined },
      pollMs: 0,
      supervisorRestart: async () => ({ ok: true, detail: '' }),
      probe: async () => {
        clock += 5_000;
        return { alive: true, pid: 11, state: st(11, 'disconnected') };
      },
    });
    expect(bad.ok).toBe(false);
    expect(bad.detail).toMatch(/not verified within 30s: missing qqbot disconnected/);
    const refused = await runRestart({
      target: 'gw',
      actor: 'gatewatch',
      reason: 'r',
      expectedPlatforms: [],
      verifyTimeoutMs: 30_000,
      clock: { now, sleep: async () => undefined },
      pollMs: 0,
      supervisorRestart: async () => ({ ok: false, detail: 'Unit hermes-gateway.service not found.' }),
      probe: async () => ({ alive: false, state: null }),
    });
    expect(refused).toMatchObject({ ok: false, detail: 'supervisor: Unit hermes-gateway.service not found.' });
  });
});

describe('busy agents and the drain', () => {
  const ev = (alive: boolean, state: { pid?: number; active_agents?: number } | undefined) => ({
    process: { alive, pid: alive ? 42 : undefined },
    state: state ?? null,
  });
  it('counts active_agents of the live gateway only (not a dead one, not another life’s file)', () => {
    expect(busyAgents(ev(true, { pid: 42, active_agents: 3 }))).toBe(3);
    expect(busyAgents(ev(true, { active_agents: 1 }))).toBe(1);
    expect(busyAgents(ev(true, { pid: 41, active_agents: 3 }))).toBe(0);
    expect(busyAgents(ev(false, { pid: 42, active_agents: 3 }))).toBe(0);
    expect(busyAgents(ev(true, { pid: 42, active_agents: 0 }))).toBe(0);
    expect(busyAgents(ev(true, undefined))).toBe(0);
  });
  it('restarts at once for a dead or wedged gateway, waits for a platform failure', () => {
    expect(restartsAtOnce({ process: { alive: true } }, [f('gateway_unresponsive', 'helps')])).toBe(true);
    expect(restartsAtOnce({ process: { alive: true } }, [f('state_stale_running', 'helps')])).toBe(true);
    expect(restartsAtOnce({ process: { alive: false } }, [f('qq_reconnect_exhausted', 'helps')])).toBe(true);
    expect(restartsAtOnce({ process: { alive: true } }, [f('qq_reconnect_exhausted', 'helps')])).toBe(false);
  });
  it('holds until the agents finish or the drain time passes; 0 does not wait', () => {
    expect(drainHold(2, 2 * MIN, 10 * MIN, 9 * MIN)).toEqual({
      code: 'drain',
      agents: 2,
      until: 10 * MIN,
      drainMs: 2 * MIN,
    });
    expect(drainHold(0, 2 * MIN, 10 * MIN, 9 * MIN)).toBeNull();
    expect(drainHold(2, 2 * MIN, 10 * MIN, 10 * MIN)).toBeNull();
    expect(drainHold(2, 0, 10 * MIN, 9 * MIN)).toBeNull();
  });
});
