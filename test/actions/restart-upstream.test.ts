// Issue 22 item 9 on data: a restart whose gateway came back while its platforms' servers cannot be reached from this
// host is "restarted; … cannot be reached", not a failure, and not counted against the budget; an automatic restart for
// a platform this host cannot reach is held (upstream), worded in both locales.
import { describe, expect, it } from 'vitest';
import {
  budgetSummary,
  decideAutoRestart,
  type PolicyInput,
  type RestartRecord,
} from '../../src/actions/restart-policy.js';
import { describeRestart, type RestartProbe } from '../../src/actions/restart.js';
import { restartOf } from '../helpers/restart-job.js';
import { heldAlert, restartAlert } from '../../src/delivery/alerts.js';
import { MIN, policyInput } from '../helpers/policy-input.js';
import type { Finding } from '../../src/types.js';
import { manualClock } from '../helpers/clock.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TEST_DIR } from '../helpers/paths.js';

const s = { autoRestart: true, maxRestarts: 1, windowMs: 60 * MIN, cooldownMs: 0 };
const qq: Finding = {
  check: 'qq_reconnect_exhausted',
  target: 'gw',
  platform: 'qqbot',
  severity: 'critical',
  title: '',
  explanation: '',
  action: '',
  evidence: [],
  restart: 'helps',
};
const feishu: Finding = { ...qq, check: 'feishu_executor_shutdown', platform: 'feishu' };
const input = (o: Partial<PolicyInput> = {}): PolicyInput => policyInput([qq], o);

describe('an outage upstream and the restart policy', () => {
  it('holds a restart whose every cause is a platform this host cannot reach', () => {
    expect(decideAutoRestart(input({ unreachable: ['qqbot'] }), s)).toMatchObject({
      action: 'skip',
      code: 'upstream',
      hold: { code: 'upstream', platforms: ['qqbot'] },
    });
    // Another platform a restart fixes, or a reachable one: restarted.
    expect(decideAutoRestart(input({ findings: [qq, feishu], unreachable: ['qqbot'] }), s)).toMatchObject({
      action: 'restart',
    });
    expect(decideAutoRestart(input({ unreachable: ['feishu'] }), s)).toMatchObject({ action: 'restart' });
    expect(
      decideAutoRestart(input({ findings: [{ ...qq, platform: undefined }], unreachable: ['qqbot'] }), s),
    ).toMatchObject({ action: 'restart' });
  });

  it('a restart during an outage upstream does not use the budget, not even while its cause is still failing', () => {
    const upstream: RestartRecord = {
      target: 'gw',
      at: 90 * MIN,
      endedAt: 91 * MIN,
      ok: true,
      actor: 'gatewatch',
      reason: qq.check,
      checks: [qq.check],
      causes: ['gw:qq_reconnect_exhausted:qqbot'],
      outcome: { kind: 'upstream', pid: 2, platforms: ['qqbot'] },
    };
    expect(budgetSummary([upstream], 'gw', s, 100 * MIN, [qq]).used).toBe(0);
    expect(decideAutoRestart(input({ history: [upstream] }), s)).toMatchObject({ action: 'restart' });
    // A failed restart still counts.
    expect(
      budgetSummary(
        [{ ...upstream, ok: false, outcome: { kind: 'unverified', withinS: 90, missing: ['qqbot retrying'] } }],
        'gw',
        s,
        100 * MIN,
      ).used,
    ).toBe(1);
  });
});

describe('runRestart during an outage upstream', () => {
  const st = (pid: number, gateway: string, qqState: string, feishuState = 'connected') => ({
    pid,
    gateway_state: gateway,
    platforms: { feishu: { state: feishuState }, qqbot: { state: qqState } },
  });
  const job = (probe: RestartProbe, unreachable: string[]) => {
    const clock = manualClock(0);
    const asked: string[][] = [];
    return {
      asked,
      run: () =>
        restartOf(clock, {
          probe: async () => probe,
          unreachable: async (ps) => (asked.push(ps), ps.filter((p) => unreachable.includes(p))),
        }),
    };
  };

  it('came back, QQ retrying, QQ unreachable from here: restarted, not a failure', async () => {
    const j = job({ alive: true, pid: 11, state: st(11, 'running', 'retrying') }, ['qqbot']);
    const rec = await j.run();
    expect(rec).toMatchObject({
      ok: true,
      backAt: 0,
      endedAt: 90_000,
      outcome: { kind: 'upstream', pid: 11, platforms: ['qqbot'] },
    });
    expect(rec.detail).toBe(
      'pid 11; QQ cannot be reached from this host, Hermes keeps retrying. Not a failed restart, not counted against the restart budget: the gateway is back, QQ not yet.',
    );
    // Asked once, at the end, for the retrying platforms only.
    expect(j.asked).toEqual([['qqbot']]);
    expect(restartAlert(rec, 'ok', 'en', 0).reply).toMatchObject({
      title: 'Restarted gw; QQ cannot be reached from this host, Hermes keeps retrying',
      tone: 'warning',
    });
    expect(restartAlert(rec, 'ok', 'zh-CN', 0).reply.title).toBe('已重启 gw；本机无法连接 QQ，Hermes 正在自动重试');
    expect(describeRestart(rec, 'zh-CN')).toMatch(
      /^pid 11；本机无法连接 QQ，Hermes 正在自动重试。这不是重启失败，不计入重启预算/,
    );
  });

  it('back when the new gateway came up, not when the window ran out (issue 61 1b: "back at 18:44:54 without QQ")', async () => {
    // The old gateway is gone for 6 s, then the new one runs with QQ retrying through the whole 90 s window.
    const clock = manualClock(0);
    const up = st(11, 'running', 'retrying');
    const rec = await restartOf(clock, {
      probe: async () => (clock.now() < 6_000 ? { alive: false, state: null } : { alive: true, pid: 11, state: up }),
      unreachable: async (ps) => ps,
    });
    expect(rec).toMatchObject({ ok: true, backAt: 6_000, durationMs: 6_000, outcome: { kind: 'upstream' } });
    expect(rec.endedAt).toBeGreaterThanOrEqual(90_000);
  });

  it('no platform connected yet (degraded) and both unreachable: the same', async () => {
    const rec = await job({ alive: true, pid: 11, state: st(11, 'degraded', 'retrying', 'retrying') }, [
      'feishu',
      'qqbot',
    ]).run();
    expect(rec).toMatchObject({ ok: true, outcome: { kind: 'upstream', platforms: ['feishu', 'qqbot'] } });
  });

  it('still a failure when the servers answer, when the platform is not retrying, or when the gateway did not come back', async () => {
    const reachable = await job({ alive: true, pid: 11, state: st(11, 'running', 'retrying') }, []).run();
    expect(reachable).toMatchObject({ ok: false, outcome: { kind: 'unverified', missing: ['qqbot retrying'] } });
    const fatal = job({ alive: true, pid: 11, state: st(11, 'running', 'fatal') }, ['qqbot']);
    expect(await fatal.run()).toMatchObject({ ok: false });
    expect(fatal.asked).toEqual([]);
    const samePid = await job({ alive: true, pid: 10, state: st(10, 'running', 'retrying') }, ['qqbot']).run();
    expect(samePid).toMatchObject({ ok: false });
    const oneOfTwo = await job({ alive: true, pid: 11, state: st(11, 'degraded', 'retrying', 'retrying') }, [
      'qqbot',
    ]).run();
    expect(oneOfTwo).toMatchObject({ ok: false });
  });
});

describe('the upstream hold, worded', () => {
  it('says whose outage it is and what releases it, in en and zh-CN', () => {
    const h = { code: 'upstream' as const, platforms: ['qqbot'] };
    expect(heldAlert('gw', h, 'en', 0).reply).toMatchObject({
      title: 'Restart of gw held: upstream unreachable from this host (QQ)',
      lines: [expect.stringMatching(/^Hermes keeps retrying QQ/)],
    });
    expect(heldAlert('gw', h, 'zh-CN', 0).reply).toMatchObject({
      title: 'gw 的重启暂缓：本机无法连接上游（QQ）',
      lines: [expect.stringMatching(/^Hermes 会继续重试 QQ/)],
    });
  });
});

// Issue 35 item 11: QQ unreachable as the restart began and back 40 s later; Hermes v0.17's watcher retries at +30 s and
// then every 60 s, so it reconnected at +94 s, just after the 90 s window: "Restart failed … missing qqbot retrying".
describe('runRestart waits for Hermes’ next retry of a platform that answers again', () => {
  const st = (pid: number, qqState: string) => ({
    pid,
    gateway_state: 'running',
    platforms: { feishu: { state: 'connected' }, qqbot: { state: qqState } },
  });
  const job = (o: { connectsAt: number; nextRetry?: number; unreachable?: string[] }) => {
    const clock = manualClock(0);
    const asked: string[][] = [];
    return {
      asked,
      run: () =>
        restartOf(clock, {
          probe: async () => ({
            alive: true,
            pid: 11,
            state: st(11, clock.now() >= o.connectsAt ? 'connected' : 'retrying'),
          }),
          unreachable: async (ps) => ps.filter((p) => (o.unreachable ?? []).includes(p)),
          nextRetry: async (ps) => (asked.push(ps), o.nextRetry),
        }),
    };
  };

  it('QQ answers again at the window’s end and Hermes retries at +90.5 s: verified at +94 s, not a failure', async () => {
    const j = job({ connectsAt: 94_000, nextRetry: 90_500 });
    const rec = await j.run();
    expect(rec).toMatchObject({ ok: true, outcome: { kind: 'verified', pid: 11 } });
    expect(rec.durationMs).toBe(94_000);
    expect(j.asked).toEqual([['qqbot']]);
  });

  it('the wait ends a connect’s time after that retry: still retrying then is a failed restart', async () => {
    const rec = await job({ connectsAt: 200_000, nextRetry: 90_500 }).run();
    expect(rec).toMatchObject({ ok: false, outcome: { kind: 'unverified', missing: ['qqbot retrying'] } });
    expect(rec.durationMs).toBeGreaterThan(90_500);
    expect(rec.durationMs).toBeLessThanOrEqual(90_500 + 30_000 + 1_000);
  });

  it('no retry in the log to wait for, or the platform still unreachable: judged at the window’s end as before', async () => {
    expect(await job({ connectsAt: 94_000 }).run()).toMatchObject({ ok: false, durationMs: 90_000 });
    const unreachable = job({ connectsAt: 94_000, nextRetry: 90_500, unreachable: ['qqbot'] });
    expect(await unreachable.run()).toMatchObject({ ok: true, endedAt: 90_000, outcome: { kind: 'upstream' } });
    expect(unreachable.asked).toEqual([]);
  });
});

// Issue 61 item 3: `network-down-start` through /restart. The restarted gateway could not connect at its start and
// Hermes queued its platforms for retry (state `retrying`: hermes-gateway.md §3, "connect failed, retryable (queued
// for the watcher)"); its retry connected them inside the window. The result said only "Feishu, QQ connected".
describe('a verified restart whose gateway queued platforms for retry at its start', () => {
  const job = (retryingUntil: number, o: { oldRetrying?: boolean } = {}) => {
    const clock = manualClock(0);
    return restartOf(clock, {
      probe: async () => {
        const queued = clock.now() < retryingUntil;
        // Before 3 s the old gateway's file is still read (its pid, its states).
        const pid = clock.now() < 3_000 ? 10 : 11;
        const state = (p: string) =>
          pid === 10 ? (o.oldRetrying ? 'retrying' : 'connected') : queued && p === 'qqbot' ? 'retrying' : 'connected';
        return {
          alive: true,
          pid,
          state: {
            pid,
            gateway_state: 'running',
            platforms: { feishu: { state: state('feishu') }, qqbot: { state: state('qqbot') } },
          },
        };
      },
    });
  };

  it('says Hermes queued them for retry at the start and its retry connected them, in en and zh-CN', async () => {
    const rec = await job(15_000);
    expect(rec).toMatchObject({ ok: true, outcome: { kind: 'verified', pid: 11, retried: ['qqbot'] } });
    expect(describeRestart(rec, 'en')).toBe(
      "pid 11; Feishu, QQ connected, QQ at Hermes' retry: queued for retry at the gateway's start",
    );
    expect(describeRestart(rec, 'zh-CN')).toBe(
      'pid 11；飞书、QQ 已连接，其中 QQ 在 Hermes 重试时才连上：网关启动时没能连上，被排入重试队列',
    );
    // Every platform queued: said once.
    expect(
      describeRestart({ outcome: { kind: 'verified', pid: 11, platforms: ['qqbot'], retried: ['qqbot'] } }, 'en'),
    ).toBe("pid 11; QQ connected at Hermes' retry: queued for retry at the gateway's start");
  });

  it('names none when the new gateway connected at once, whatever the old one said', async () => {
    const rec = await job(0, { oldRetrying: true });
    expect(rec.outcome).toEqual({ kind: 'verified', pid: 11, platforms: ['feishu', 'qqbot'] });
    expect(describeRestart(rec, 'en')).toBe('pid 11; Feishu, QQ connected');
  });

  it('is what the demo page says network-down-start through /restart shows, in both locales', () => {
    for (const [file, words] of [
      ['docs/demo.md', "queued for retry at the gateway's start"],
      ['docs/zh-CN/demo.md', '被排入重试队列'],
    ] as const) {
      const note = readFileSync(path.join(TEST_DIR, '..', file), 'utf8')
        .split('\n\n')
        .find((p) => p.includes('`network-down-start`') && p.includes('`/restart`'));
      expect(note, file).toContain(words);
    }
  });
});
