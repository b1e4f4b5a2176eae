// No check id (`state_stale_running`) and no internal English phrase ("operator request") reaches a person: every
// alert kind, rendered for every check, in en and zh-CN, says checks by their names (the catalogue's `check.<id>`).
import { describe, expect, it } from 'vitest';
import { checkIds } from '../../src/detectors/index.js';
import { doctorDetectors } from '../../src/detectors/doctor.js';
import { step, type IncidentEvent } from '../../src/incidents/machine.js';
import {
  escalateAlert,
  heldAlert,
  heldLine,
  incidentAlert,
  muteEndAlert,
  restartAlert,
} from '../../src/delivery/alerts.js';
import { escalationAlert } from '../../src/delivery/escalate.js';
import { OPERATOR_REQUEST, skipReason } from '../../src/actions/restart.js';
import { decideAutoRestart, restartGate } from '../../src/actions/restart-policy.js';
import { t } from '../../src/i18n.js';
import { englishProse } from '../helpers/english-prose.js';
import type { RestartRecord } from '../../src/actions/restart-policy.js';
import { en } from '../../src/text/en.js';
import { HERMES_PLATFORMS } from '../../src/platforms/index.js';
import { findingKey } from '../../src/i18n.js';
import { describeRecord } from '../../commands/history.js';
import type { Alert, Finding, Locale } from '../../src/types.js';

const MIN = 60_000;
const settings = { remindEveryMs: 30 * MIN, flap: { transitions: 4, withinMs: 30 * MIN } };
const LOCALES: Locale[] = ['en', 'zh-CN'];
const INTERNAL = [/operator request/i, /Aborted delay/];

const LINT = new Set(doctorDetectors.map((d) => d.check));

/** The English texts: the catalogue's and each platform's own (its checks' texts are its words). */
const TEXTS: Record<string, string> = Object.assign({}, en, ...HERMES_PLATFORMS.map((p) => p.words.en));

/** A finding of `check` worded by the catalogue: each placeholder of its texts given a plain value. */
function findingOf(check: string): Finding {
  // A check worded only by its variants (state_stale_running.signal, .killed, …): its first variant.
  const key =
    findingKey(check) ??
    (Object.keys(TEXTS)
      .find((k) => k.startsWith(`finding.${check}.`) && k.endsWith('.title'))!
      .replace(/\.title$/, '') as NonNullable<ReturnType<typeof findingKey>>);
  const params: Record<string, string> = {};
  for (const part of ['title', 'explanation', 'action'] as const)
    for (const m of String(TEXTS[`${key}.${part}`]).matchAll(/\{(\w+)[}|]/g)) params[m[1]!] = '5';
  return {
    check,
    target: 'gw',
    severity: 'critical',
    text: { key, params },
    title: check,
    explanation: check,
    action: check,
    evidence: [],
    restart: 'helps',
    since: 0,
  };
}

/** What a person reads of an alert: title, fields, lines, buttons' labels (not the quoted log lines). */
const readable = (a: Alert) =>
  [
    a.reply.title,
    ...(a.reply.fields ?? []).flatMap((f) => [f.label, f.value]),
    ...(a.reply.lines ?? []),
    ...(a.reply.buttons ?? []).map((b) => b.label),
  ].join('\n');

function leaks(text: string): string[] {
  const ids = new Set(checkIds);
  const raw = [...text.matchAll(/\b[a-z]+_[a-z_]+\b/g)].map((m) => m[0]).filter((w) => ids.has(w));
  return [...raw, ...INTERNAL.filter((re) => re.test(text)).map(String)];
}

/** Every incident event kind of one finding: open, remind, resolve, flap (down again while flapping), settle. */
function incidentEvents(f: Finding): IncidentEvent[] {
  const out: IncidentEvent[] = [];
  let s = {};
  for (const [min, fs] of [
    [0, [f]],
    [31, [f]],
    [32, []],
    [33, [f]],
    [34, []],
    [35, [f]],
    [36, []],
    [80, []],
  ] as const) {
    const r = step(s, 'gw', [...fs], min * MIN, settings, false);
    s = r.state;
    out.push(...r.events);
  }
  return out;
}

describe('no check id reaches a person', () => {
  it('the incident events cover every kind', () => {
    expect(new Set(incidentEvents(findingOf('process_down')).map((e) => e.kind))).toEqual(
      new Set(['open', 'remind', 'resolve', 'flap', 'settle']),
    );
  });

  for (const locale of LOCALES) {
    it(`every alert kind, for every check, in ${locale}`, () => {
      const found: string[] = [];
      const look = (what: string, text: string) => found.push(...leaks(text).map((l) => `${what}: ${l}`));
      for (const check of checkIds) {
        const f = findingOf(check);
        const events = incidentEvents(f);
        for (const ev of events)
          look(`${check} ${ev.kind}`, readable(incidentAlert(ev, locale, 100 * MIN, settings.flap.withinMs)));
        look(`${check} escalation`, readable(escalationAlert(events[0]!.incident, 10 * MIN, ['pager'], locale, MIN)));
        look(
          `${check} unmute`,
          readable(muteEndAlert([events[0]!.incident], { held: 2, recovered: ['gw: x'] }, locale, MIN)),
        );
        const recs: RestartRecord[] = [
          { target: 'gw', at: 0, actor: 'gatewatch', reason: check, checks: [check] },
          // A record of an older version: its checks only in the reason.
          { target: 'gw', at: 0, actor: 'gatewatch', reason: `${check}, platform_down` },
        ];
        for (const rec of recs) {
          for (const phase of ['begin', 'ok', 'fail'] as const)
            look(
              `${check} restart ${phase}`,
              readable(restartAlert({ ...rec, ok: phase === 'ok', durationMs: 1000 }, phase, locale, MIN)),
            );
          look(
            `${check} budget`,
            readable(
              escalateAlert(
                'gw',
                {
                  used: 1,
                  max: 1,
                  windowMs: 60 * MIN,
                  counted: [{ ...rec, ok: true }],
                  recent: [rec],
                  nextFreeAt: 30 * MIN,
                },
                locale,
                MIN,
              ),
            ),
          );
          for (const type of ['restart.begin', 'restart.ok', 'restart.fail'] as const) {
            look(
              `${check} history ${type}`,
              describeRecord(
                {
                  ts: '2026-01-01T00:00:00Z',
                  type,
                  target: 'gw',
                  actor: 'gatewatch',
                  detail: {
                    reason: rec.reason,
                    ...(rec.checks ? { checks: rec.checks } : {}),
                    duration_ms: 1000,
                    detail: 'x',
                  },
                } as never,
                locale,
                30 * MIN,
              ),
            );
          }
        }
      }
      for (const phase of ['begin', 'ok', 'fail'] as const)
        look(
          `operator restart ${phase}`,
          readable(
            restartAlert(
              { target: 'gw', at: 0, actor: 'alice', reason: OPERATOR_REQUEST, ok: phase === 'ok', durationMs: 1000 },
              phase,
              locale,
              MIN,
            ),
          ),
        );
      look(
        'operator history',
        describeRecord(
          {
            ts: '2026-01-01T00:00:00Z',
            type: 'restart.begin',
            target: 'gw',
            actor: 'alice',
            detail: { reason: OPERATOR_REQUEST },
          } as never,
          locale,
          30 * MIN,
        ),
      );
      for (const code of ['cooldown', 'transition', 'supervisor'] as const) {
        const h = { code, until: 10 * MIN, last: 5 * MIN, cooldownMs: 5 * MIN, state: 'starting' };
        look(`held ${code}`, readable(heldAlert('gw', h, locale, MIN)));
        look(`held line ${code}`, heldLine({ ...h, since: 0 }, locale, MIN));
      }
      expect(found).toEqual([]);
    });
  }

  it("a restart not done says why by name: /restart's reply and /history's line, every skip code, in en and zh-CN", () => {
    const service = { manager: 'systemd' as const, name: 'hermes-gateway.service' };
    const base = { target: 'gw', service, history: [], inProgress: false, escalated: false, now: 10 * MIN };
    const policy = { autoRestart: true, maxRestarts: 3, windowMs: 60 * MIN, cooldownMs: 5 * MIN };
    // The skips the real policy decides: a cause a restart cannot fix (each check), restarts off, the budget spent,
    // and the gate every restart passes (busy, no supervisor, the supervisor's own restart, a start, the cooldown).
    const skips = [
      // Deployment lint holds no restart (it is about files, src/detectors/restart-advice.ts).
      ...checkIds
        .filter((check) => !LINT.has(check))
        .map((check) => decideAutoRestart({ ...base, findings: [{ ...findingOf(check), restart: 'never' }] }, policy)),
      decideAutoRestart({ ...base, findings: [findingOf('process_down')] }, { ...policy, autoRestart: false }),
      decideAutoRestart({ ...base, findings: [findingOf('process_down')], escalated: true }, policy),
      restartGate({ ...base, inProgress: true }, 0),
      restartGate({ ...base, service: { manager: 'none' } }, 0),
      restartGate({ ...base, service: { ...service, restarting: true, state: 'activating/auto-restart' } }, 0),
      restartGate({ ...base, gatewayState: 'draining' }, 0),
      restartGate(
        { ...base, history: [{ target: 'gw', at: 8 * MIN, actor: 'gatewatch', reason: 'process_down' }] },
        5 * MIN,
      ),
    ].map((d) => (d && d.action === 'skip' ? d : expect.unreachable(JSON.stringify(d))));
    expect(new Set(skips.map((d) => d.code))).toEqual(
      new Set([
        'unrecoverable',
        'disabled',
        'escalated',
        'busy',
        'no_supervisor',
        'supervisor',
        'transition',
        'cooldown',
      ]),
    );
    for (const locale of LOCALES) {
      const found: string[] = [];
      const look = (what: string, text: string) =>
        found.push(
          ...leaks(text).map((l) => `${what}: ${l}`),
          ...(locale === 'zh-CN' ? englishProse(text).map((p) => `${what}: "${p}"`) : []),
        );
      for (const d of skips) {
        // /restart's reply (commands/restart.ts), from what remediate's manual restart answers.
        look(
          `/restart ${d.code}`,
          t(locale, 'restart.skipped', {
            target: 'gw',
            reason: skipReason({ code: d.code, reason: d.reason }, locale, { target: 'gw' }),
          }),
        );
        // /history: the restart.skip record as remediate audits it, and as an older version did (code and reason only).
        for (const detail of [
          { code: d.code, reason: d.reason, ...(d.checks ? { checks: d.checks } : {}) },
          { code: d.code, reason: d.reason },
        ])
          look(
            `history ${d.code}`,
            describeRecord(
              { ts: '2026-01-01T00:00:00Z', type: 'restart.skip', target: 'gw', actor: 'gatewatch', detail } as never,
              locale,
              30 * MIN,
            ),
          );
      }
      look(
        'history upstream',
        describeRecord(
          {
            ts: '2026-01-01T00:00:00Z',
            type: 'restart.skip',
            target: 'gw',
            actor: 'gatewatch',
            detail: { code: 'upstream', reason: 'upstream unreachable from this host: telegram, qqbot' },
          } as never,
          locale,
          30 * MIN,
        ),
      );
      look(
        'history drain',
        describeRecord(
          {
            ts: '2026-01-01T00:00:00Z',
            type: 'restart.skip',
            target: 'gw',
            actor: 'gatewatch',
            detail: { code: 'drain', reason: 'x', agents: 2 },
          } as never,
          locale,
          30 * MIN,
        ),
      );
      look(
        'history budget',
        describeRecord(
          {
            ts: '2026-01-01T00:00:00Z',
            type: 'restart.skip',
            target: 'gw',
            actor: 'gatewatch',
            detail: {
              code: 'budget',
              reason: '3 automatic restarts in the last 1h did not stick: 08:00 process_down',
              used: 3,
              max: 3,
            },
          } as never,
          locale,
          30 * MIN,
        ),
      );
      expect(found).toEqual([]);
    }
    const why = (d: (typeof skips)[number], dialect: 'chat' | 'cli') => skipReason(d, 'en', { target: 'gw', dialect });
    expect(why(skips[0]!, 'chat')).toBe(
      `a restart does not fix ${t('en', `check.${checkIds[0]}` as 'check.process_down')}`,
    );
    const escalated = skips.find((d) => d.code === 'escalated')!;
    expect(why(escalated, 'chat')).toContain('(/restart gw)');
    expect(why(escalated, 'cli')).toMatch(/\((npx )?gatewatch restart gw\)/);
    expect(skipReason(skips.find((d) => d.code === 'cooldown')!, 'zh-CN')).toBe('上次重启在 2 分钟前（冷却期 5 分钟）');
  });

  it('a restart says what it was for by name, in en and zh-CN', () => {
    const rec: RestartRecord = {
      target: 'gw',
      at: 0,
      actor: 'gatewatch',
      reason: 'state_stale_running',
      checks: ['state_stale_running'],
      ok: true,
      durationMs: 12_000,
    };
    const reason = (locale: Locale) =>
      restartAlert(rec, 'ok', locale, MIN).reply.fields!.find((x) => x.label === (locale === 'en' ? 'reason' : '原因'))
        ?.value;
    expect(reason('en')).toBe('gateway died, state file still says running');
    expect(reason('zh-CN')).toBe('网关已退出，状态文件仍显示运行中');
    // A restart for a SIGTERM finding: the gateway was stopped, it did not die (issue 51); a SIGKILL's did.
    const stopped = (locale: Locale, cause: string) =>
      restartAlert({ ...rec, causes: [`gw:state_stale_running#${cause}`] }, 'ok', locale, MIN).reply.fields![0]!.value;
    expect(stopped('en', 'SIGTERM')).toBe('gateway stopped by SIGTERM, state file still says running');
    expect(stopped('zh-CN', 'SIGTERM')).toBe('网关被 SIGTERM 停止，状态文件仍显示运行中');
    expect(stopped('en', 'killed')).toBe('gateway died, state file still says running');
    const op = (locale: Locale) =>
      restartAlert({ ...rec, reason: OPERATOR_REQUEST, checks: undefined }, 'ok', locale, MIN).reply.fields![0]!.value;
    expect(op('en')).toBe('requested by an operator');
    expect(op('zh-CN')).toBe('操作者请求');
  });
});
