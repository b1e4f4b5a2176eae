// The words of a held restart and of the restart that ends the hold, in both locales: zh-CN has no English prose.
import { describe, expect, it } from 'vitest';
import { heldAlert, heldLine, incidentAlert } from '../../src/delivery/alerts.js';
import { step } from '../../src/incidents/machine.js';
import type { Finding } from '../../src/types.js';
import { clock, type RestartHold } from '../../src/actions/restart-policy.js';
import { englishProse } from '../helpers/english-prose.js';
import { renderText } from '../../src/delivery/render-text.js';

const at = Date.parse('2026-06-22T08:00:00Z');
const holds: RestartHold[] = [
  { code: 'cooldown', until: at + 96_000, last: at - 24_000, cooldownMs: 120_000 },
  { code: 'transition', state: 'draining' },
  { code: 'supervisor' },
  { code: 'drain', agents: 2, until: at + 120_000, drainMs: 120_000 },
  { code: 'upstream', platforms: ['qqbot'], gaveUp: ['qqbot'] },
];

describe('a held restart', () => {
  it('says what holds it and when it happens (or what releases it), with a Restart button', () => {
    const a = heldAlert('gw', holds[0]!, 'en', at);
    expect(a).toMatchObject({ kind: 'restart', target: 'gw', severity: 'warning' });
    expect(a.reply.title).toBe('Restart of gw held: cooldown after the last restart');
    expect(a.reply.lines).toEqual([
      `It restarts at ${clock(at + 96_000)}, when the 2m cooldown after the restart that ended at ${clock(at - 24_000)} ends, if the failure is still there. /restart does it now.`,
    ]);
    expect(a.reply.buttons?.[0]).toMatchObject({ command: '/restart gw' });
    expect(heldAlert('gw', holds[1]!, 'en', at).reply).toMatchObject({
      title: 'Restart of gw held: the gateway is draining',
      lines: ['It restarts once the gateway is no longer draining, if the failure is still there.'],
    });
    expect(heldAlert('gw', holds[2]!, 'en', at).reply.lines).toEqual([
      'It restarts only if the service manager does not bring it back.',
    ]);
    expect(heldLine({ ...holds[0]!, since: at }, 'en', at + 96_000)).toBe(
      `Held 1m 36s (cooldown after the last restart), from ${clock(at)}.`,
    );
  });

  it('a drain: how many busy agents, the latest time; its end says whether they finished or the time ran out', () => {
    expect(heldAlert('gw', holds[3]!, 'en', at).reply).toMatchObject({
      title: 'Restart of gw held: waiting for 2 busy agents to finish',
      lines: [
        `It restarts when they finish, at the latest at ${clock(at + 120_000)} (it waits 2m at most), if the failure is still there. /restart does it now.`,
      ],
    });
    expect(heldAlert('gw', { ...holds[3]!, agents: 1 }, 'en', at).reply.title).toBe(
      'Restart of gw held: waiting for 1 busy agent to finish',
    );
    expect(heldLine({ ...holds[3]!, since: at, finished: true }, 'en', at + 65_000)).toBe(
      `Waited 1m 5s from ${clock(at)} for 2 busy agents: they finished, then it restarted.`,
    );
    expect(heldLine({ ...holds[3]!, since: at, finished: false }, 'en', at + 120_000)).toBe(
      `Waited 2m from ${clock(at)} for 2 busy agents: the longest it waits ran out with them still running, so it restarted.`,
    );
    for (const finished of [true, false])
      expect(englishProse(heldLine({ ...holds[3]!, since: at, finished }, 'zh-CN', at + 65_000))).toEqual([]);
  });

  it('upstream, on a platform Hermes gave up on: it does not say Hermes keeps retrying (issue 51)', () => {
    expect(heldAlert('gw', holds[4]!, 'en', at).reply).toMatchObject({
      title: 'Restart of gw held: upstream unreachable from this host (QQ)',
      lines: [
        'Hermes has stopped retrying QQ: only a restart brings it back, and one now would meet the same unreachable servers. gatewatch restarts it once QQ can be reached from this host, if the failure is still there.',
      ],
    });
    expect(heldAlert('gw', { code: 'upstream', platforms: ['qqbot'] }, 'en', at).reply.lines?.[0]).toMatch(
      /^Hermes keeps retrying QQ/,
    );
    expect(heldAlert('gw', holds[4]!, 'zh-CN', at).reply.lines?.[0]).toMatch(/^Hermes 已停止重试 QQ/);
  });

  it('in Chinese, without English prose', () => {
    for (const h of holds) {
      const text = renderText(heldAlert('gw', h, 'zh-CN', at).reply);
      expect(englishProse(text)).toEqual([]);
    }
    expect(heldAlert('gw', holds[1]!, 'zh-CN', at).reply.title).toBe('gw 的重启暂缓：网关正处于排空中状态');
    expect(englishProse(heldLine({ ...holds[0]!, since: at }, 'zh-CN', at + 96_000))).toEqual([]);
  });

  it('an incident\'s own alert says its restart is held instead of "yes"', () => {
    const f: Finding = {
      check: 'state_stale_running',
      target: 'gw',
      severity: 'critical',
      title: 't',
      explanation: 'e',
      action: 'a',
      evidence: [],
      restart: 'helps',
    };
    const ev = step(
      {},
      'gw',
      [f],
      at,
      { remindEveryMs: 3_600_000, flap: { transitions: 3, withinMs: 1_800_000 } },
      false,
    ).events[0]!;
    const field = (locale: 'en' | 'zh-CN', hold?: RestartHold) =>
      incidentAlert(ev, locale, at, 1_800_000, hold ? { hold } : {}).reply.fields!.at(-1)!.value;
    expect(field('en')).toBe('yes, if the budget allows');
    expect(field('en', holds[0])).toBe(
      `held (cooldown after the last restart). It restarts at ${clock(at + 96_000)}, when the 2m cooldown after the restart that ended at ${clock(at - 24_000)} ends, if the failure is still there. /restart does it now.`,
    );
    for (const h of holds) expect(englishProse(field('zh-CN', h))).toEqual([]);
  });
});
