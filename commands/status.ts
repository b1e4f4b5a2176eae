// /status: each target's process, platforms, open incidents, last restart, mute, a 24-hour timeline; channel health.
import { commandButton, dialectOf, type Dialect } from '../src/util/command-line.js';
import type { Finding, Locale, Reply, ReplyField, RestartAdvice, Tone } from '../src/types.js';
import type { EvalResult, Evidence } from '../src/evidence.js';
import { retiredEntry } from '../src/detectors/platform-entries.js';
import { stateIsCurrent } from '../src/detectors/common.js';
import { targetRestart } from '../src/detectors/restart-advice.js';
import { alertButtons, offersRestart } from '../src/delivery/alerts.js';
import { formatTime } from '../src/util/time.js';
import { incidentKey } from '../src/incidents/machine.js';
import { stripRows } from '../src/history/describe.js';
import { DAY_MS } from '../src/history/model.js';
import { watchedFrom } from '../src/history/figures.js';
import { budgetLine, budgetSummary, restartVerified, type RestartRecord } from '../src/actions/restart-policy.js';
import { connectTimes } from '../src/incidents/outage-starts.js';
import { describeRestart } from '../src/actions/restart.js';
import { formatDuration } from '../src/util/duration.js';
import { actorParam, labelled, platformName, t, wordFinding, wordOf, wordParam } from '../src/i18n.js';
import { statusServiceValue } from './service-line.js';
import { operatorStopLine } from '../src/delivery/findings-reply.js';
import { leverOf } from '../src/detectors/lever.js';
import type { CommandRun, LookContext } from './types.js';
import type { TargetOnly } from './args.js';
import type { LookPort } from './ports.js';
import { targetsArg } from './targets.js';
import { slowestCommandMs } from '../src/probes/host.js';
import { hermesFields, updatingSince } from './hermes-facts.js';
import { platformRows } from './status-platforms.js';
import { scopeDetails } from '../src/delivery/scope-words.js';
import { underWayField } from '../src/delivery/under-way.js';

export const status: CommandRun<LookContext<TargetOnly>> = {
  async run(c) {
    for (const { name } of await targetsArg(c, c.args.target)) {
      await freshEnough(c.look, name);
      await c.respond(statusReply(c.look, name, c.locale, dialectOf(c.channel)));
    }
  },
};

/** How long /status waits for a fresh evaluation before it answers from the last completed one. */
export const STATUS_WAIT_MS = 400;

/**
 * A fresh evaluation, unless it waits on a probe command (a service manager) that is slow to answer, which is only
 * killed at its timeout: then the last completed one, which statusReply marks with its age. The probe commands running
 * now are one list for the whole process: another target's hang answers nothing here until this target's own look has
 * run STATUS_WAIT_MS too (so an answer from the last look is always one statusReply marks). A machine that is merely
 * busy still gets a fresh answer; so does a target with nothing judged yet.
 */
async function freshEnough(look: LookPort, name: string): Promise<void> {
  const fresh = look.look(name);
  const settled = fresh.then(
    () => true,
    () => true,
  );
  const lookMs = () => {
    const since = look.lookingSince(name);
    return since === undefined ? 0 : look.now() - since;
  };
  for (;;) {
    // Wake when the slower of this look and the slowest running command turns STATUS_WAIT_MS old, not at the next
    // quarter: a hang that began with this /status is answered at 400 ms, not up to 500 (the goal a reply must meet
    // while a probe hangs).
    const age = Math.min(slowestCommandMs(), lookMs());
    const wait = Math.max(10, Math.min(STATUS_WAIT_MS / 4, STATUS_WAIT_MS - age));
    let cancel = () => {};
    const done = await Promise.race([settled, new Promise<false>((r) => (cancel = look.timer(() => r(false), wait)))]);
    cancel();
    if (done) return void (await fresh);
    if (look.lastLook(name) && slowestCommandMs() >= STATUS_WAIT_MS && lookMs() >= STATUS_WAIT_MS) {
      fresh.catch(() => undefined); // its failure is logged by whoever started it; this reply no longer waits
      return;
    }
  }
}

/** The advice for the target as a whole, as the automatic path decides it; while it recovers, wait rather than never. */
function overallAdvice(findings: Finding[], recovering: boolean): RestartAdvice {
  const { restart, holdAll } = targetRestart(findings);
  return restart === 'never' && recovering && !holdAll.length ? 'wait' : restart;
}

/** The process, the service, the Hermes install and gateway_state; the age of the answer while a check hangs. */
function processFields(
  look: LookPort,
  name: string,
  r: EvalResult,
  o: { locale: Locale; now: number; stoppedAt?: number; trusted: boolean },
): ReplyField[] {
  const { locale, now, stoppedAt, trusted } = o;
  // gateway_state.json and the service manager write English ids: said in the reader's words where the catalogue has them.
  const lifecycle = (w: string) => wordOf(locale, 'status.lifecycle', w);
  const ev = r.evidence;
  const p = ev.process;
  const st = ev.state;
  const fields: ReplyField[] = [];
  // Answered from an earlier evaluation while a check hangs: say how old it is, and for how long the check has run.
  const since = look.lookingSince(name);
  if (since !== undefined && since >= ev.now && now - since >= STATUS_WAIT_MS) {
    const at = formatTime(ev.now);
    const running = formatDuration(Math.max(1000, now - since));
    fields.push({ label: t(locale, 'status.field.as_of'), value: t(locale, 'status.as_of', { at, running }) });
  }
  fields.push({
    label: t(locale, 'status.field.process'),
    value:
      stoppedAt !== undefined
        ? t(locale, 'status.process.operator_stop', { at: formatTime(stoppedAt) })
        : !p.alive
          ? t(locale, 'status.process.down', { reason: p.reason ? wordOf(locale, 'process.reason', p.reason) : '?' })
          : p.startedAt
            ? t(locale, 'status.process.running_up', { pid: String(p.pid), uptime: formatDuration(now - p.startedAt) })
            : t(locale, 'status.process.running', { pid: String(p.pid) }),
  });
  fields.push({ label: t(locale, 'status.field.service'), value: statusServiceValue(ev, locale) });
  fields.push(...hermesFields(ev, locale));
  if (st?.gateway_state) {
    const state = lifecycle(st.gateway_state);
    const value = trusted
      ? state
      : st.pid === undefined
        ? t(locale, 'status.gateway_state.stale_not_running', { state })
        : p.alive
          ? t(locale, 'status.gateway_state.stale_other_pid', { state, pid: st.pid, live: String(p.pid) })
          : t(locale, 'status.gateway_state.stale_dead', { state, pid: st.pid });
    fields.push({ label: t(locale, 'status.field.hermes_state'), value });
  }
  return fields;
}

/** Is it us or them: for each platform down now, whether this host reaches its servers (probed while it is down). */
function reachFields(look: LookPort, name: string, ev: Evidence, locale: Locale): ReplyField[] {
  const probed = look.reachability?.(name) ?? [];
  const reach = Object.entries(ev.state?.platforms ?? {})
    .filter(([pl, ps]) => ps?.state !== 'connected' && !retiredEntry(ev, pl))
    .flatMap(([pl]) => probed.filter((x) => x.platform === pl));
  if (!reach.length) return [];
  return [
    {
      label: t(locale, 'status.reach.title'),
      value: reach
        .map((x) => {
          const v = { name: platformName(locale, x.platform), endpoint: x.endpoint };
          return x.reachable
            ? t(locale, 'status.reach.ok', v)
            : t(locale, 'status.reach.down', { ...v, step: (x.failedAt ?? '').toUpperCase(), error: x.error ?? '?' });
        })
        .join(t(locale, 'list.semicolon')),
    },
  ];
}

/** Whose failure each failing platform's is (src/detectors/scope.ts), as the look's findings say it, with how to tell. */
function scopeFields(findings: Finding[], locale: Locale): ReplyField[] {
  const said = new Map<string, string>();
  for (const f of findings) {
    const line = f.platform !== undefined && !said.has(f.platform) ? scopeDetails(locale, f) : undefined;
    if (line) said.set(f.platform!, t(locale, 'scope.status_line', { name: platformName(locale, f.platform!), line }));
  }
  return said.size
    ? [{ label: t(locale, 'field.scope'), value: [...said.values()].join(t(locale, 'list.semicolon')) }]
    : [];
}

/**
 * When every platform a restart came back without (its servers unreachable then) connected since, by its connect line
 * after the restart, else the live state file's word; undefined while any of them is still down.
 */
function reconnectedAfter(ev: Evidence, rec: RestartRecord): number | undefined {
  if (rec.outcome?.kind !== 'upstream' || !ev.process.alive) return undefined;
  const lines = connectTimes(ev);
  const times = rec.outcome.platforms.map((p) => {
    const line = lines[p]?.find((at) => at >= rec.at);
    if (line !== undefined) return line;
    const st = ev.state?.platforms[p];
    const at = st?.state === 'connected' ? Date.parse(st.updated_at ?? '') : Number.NaN;
    return Number.isFinite(at) && at >= rec.at ? at : undefined;
  });
  return times.every((x) => x !== undefined) ? Math.max(...(times as number[])) : undefined;
}

/**
 * ✓ verified, ✗ failed, ⚠ back without a platform this host cannot reach: not a failure, and not verified either, as
 * /uptime counts it (restartVerified).
 */
const restartMark = (r: RestartRecord) => (restartVerified(r) ? '✓' : r.ok ? '⚠' : '✗');

/** The last restart, the restart budget, mutes and a paused automatic restart. */
function restartFields(look: LookPort, name: string, r: EvalResult, locale: Locale, now: number): ReplyField[] {
  const fields: ReplyField[] = [];
  // A served profile's restarts are its root's: one restart of the root restarted this profile's bots too.
  const history = look.restartHistory(name);
  // The last restart that happened, the playground's too (its budget is its own, its restarts happened): the one the
  // restarts /uptime counts end with.
  const last = look.restartHistory(name, true).at(-1);
  // A restart that came back without a platform it could not reach: said as it is now, once the platform is back.
  const backAt = last ? reconnectedAfter(r.evidence, last) : undefined;
  // A restart under way is said while it runs (issue 76): since when, by whom, for what, what it waits for.
  const under = look.restartUnderWay?.(name);
  if (under) fields.push(underWayField(under, locale, now));
  fields.push({
    label: t(locale, 'status.field.last_restart'),
    value: last
      ? `${formatTime(last.at)} ${restartMark(last)} ${wordParam(locale, actorParam(last.actor))}${last.durationMs !== undefined ? `, ${formatDuration(last.durationMs, locale)}` : ''}${last.detail ? ` (${describeRestart(last, locale, backAt !== undefined ? { backAt } : {})})` : ''}`
      : t(locale, 'status.last_restart.none'),
  });
  // What counts is not obvious from `0/3` (issue 20 item 7): a verified restart whose cause stayed away is free.
  fields.push({
    label: t(locale, 'status.field.budget'),
    value: t(locale, 'budget.with_counts', {
      // The same reading as the policy's: the findings a restart fixes, and the restarts marked as come back.
      line: budgetLine(
        budgetSummary(history, name, look.settings.restartBudget, now, targetRestart(r.findings).fixable),
        locale,
      ),
    }),
  });
  const mute = look.mute();
  if (mute)
    fields.push({
      label: t(locale, 'status.field.muted'),
      value: t(locale, 'status.muted_until', { until: formatTime(mute.until), by: actorParam(mute.by) }),
    });
  const own = look.targetMutes()[name];
  if (own)
    fields.push({
      label: t(locale, 'status.field.muted'),
      value: t(locale, 'status.muted_until_target', {
        target: name,
        until: formatTime(own.until),
        by: actorParam(own.by),
      }),
    });
  if (look.autoRestartPaused(name))
    fields.push({ label: t(locale, 'status.field.auto_restart'), value: t(locale, 'status.auto_restart.paused') });
  return fields;
}

/** What is wrong now (from this evaluation), with the incident's age and ack when the daemon has one open; then the channels. */
function problemLines(
  look: LookPort,
  name: string,
  r: EvalResult,
  o: { locale: Locale; now: number; stoppedAt?: number; dialect: Dialect },
): string[] {
  const { locale, now, stoppedAt, dialect } = o;
  const byKey = new Map(look.openIncidents(name).map((i) => [i.key, i]));
  const lines = r.findings.length
    ? r.findings.map((f) => {
        const inc = byKey.get(incidentKey(f));
        const title = wordFinding(locale, f).title;
        const details = inc
          ? [
              formatDuration(now - inc.openedAt),
              ...(inc.acked ? [t(locale, 'status.incident.acked', { by: actorParam(inc.acked.by) })] : []),
              ...(inc.flapping ? [t(locale, 'status.incident.flapping')] : []),
            ]
          : [];
        const line = details.length
          ? t(locale, 'status.incident', { title, details: details.join(t(locale, 'list.comma')) })
          : title;
        return `${f.severity === 'critical' ? '🔴' : f.severity === 'warning' ? '🟠' : 'ℹ️'} ${line}`;
      })
    : [
        stoppedAt !== undefined
          ? operatorStopLine(locale, name, dialect, r.evidence)
          : t(locale, 'status.no_incidents', { target: name }),
      ];
  for (const h of look.channels(locale)) {
    if (h.name === 'console') continue;
    lines.push(`${h.ok ? '🟢' : '🔴'} ${labelled(locale, h.name, h.summary)}`);
    for (const f of h.fields ?? []) lines.push(`    ${labelled(locale, f.label, f.value)}`);
  }
  return lines;
}

/** The headline is "healthy" only when nothing is wrong: a platform still reconnecting is "recovering". */
function headlineOf(
  findings: Finding[],
  locale: Locale,
  o: { recovering: boolean; starting: boolean; updating: boolean; stoppedAt?: number },
): { tone: Tone; headline: string } {
  const { recovering, starting, updating, stoppedAt } = o;
  const tone: Tone = findings.some((f) => f.severity === 'critical')
    ? 'critical'
    : findings.some((f) => f.severity === 'warning') ||
        ((recovering || starting) && !updating && stoppedAt === undefined)
      ? 'warning'
      : findings.length || updating || stoppedAt !== undefined
        ? 'info'
        : 'ok';
  const headline = findings.length
    ? t(locale, 'status.headline.problems', { count: findings.length })
    : stoppedAt !== undefined
      ? t(locale, 'status.headline.stopped')
      : updating
        ? t(locale, 'status.headline.updating')
        : recovering
          ? t(locale, 'status.headline.recovering')
          : starting
            ? t(locale, 'status.headline.starting')
            : t(locale, 'status.headline.healthy');
  return { tone, headline };
}

export function statusReply(look: LookPort, name: string, locale: 'en' | 'zh-CN', dialect: Dialect = 'chat'): Reply {
  const now = look.now();
  const r = look.lastLook(name)!;
  const ev = r.evidence;
  // Down on the operator's word: maintenance, not an outage (the reminder, if it is due, is among the findings).
  const stoppedAt = ev.process.alive ? undefined : r.operatorStoppedAt;
  // `hermes update` stops the gateway on purpose: its platforms are not "starting", it is updating.
  const updating = updatingSince(ev) !== undefined;
  // The state file outlives its writer (SIGKILL, an unexpected SIGTERM): only the live process's file is the truth.
  const trusted = ev.process.alive && stateIsCurrent(ev);
  const platforms = platformRows(r, { locale, now, trusted, graceMs: look.settings.disconnectGraceMs });
  const { recovering, starting } = platforms;
  const fields = [
    ...processFields(look, name, r, { locale, now, stoppedAt, trusted }),
    ...platforms.fields,
    ...reachFields(look, name, ev, locale),
    ...scopeFields(r.findings, locale),
    ...restartFields(look, name, r, locale, now),
  ];
  const lines = problemLines(look, name, r, { locale, now, stoppedAt, dialect });
  // The last 24 hours from the availability history, as /uptime draws them and under its legend: one mark, one meaning
  // (a gateway stopped on purpose is blank there, never down). Only the time watched: a daemon an hour old draws that
  // hour, not 23 blank ones before it.
  const h = look.history(name);
  const from = watchedFrom(h, DAY_MS, now);
  const head =
    from > now - DAY_MS
      ? t(locale, 'status.timeline.since', { since: formatTime(from) })
      : t(locale, 'status.timeline');
  const code = Object.keys(h.platforms).length
    ? [[head, ...stripRows(h, from, now, locale), t(locale, 'uptime.legend')].join('\n')]
    : undefined;
  const { tone, headline } = headlineOf(r.findings, locale, { recovering, starting, updating, stoppedAt });
  return {
    title: t(locale, 'status.title', { name, headline }),
    tone,
    fields,
    lines,
    code,
    // Stopped by the operator: /restart is how it comes back (the reminder's advice 'never' is about automatic restarts).
    buttons:
      stoppedAt !== undefined
        ? [
            // Watched only (lever.ts): a start it cannot make is not offered.
            ...(leverOf(r.evidence).can === 'watch'
              ? []
              : [commandButton(t(locale, 'button.restart'), { command: 'restart', target: name }, 'primary')]),
            commandButton(t(locale, 'button.logs'), { command: 'logs', lines: 50, target: name }, 'default'),
          ]
        : tone === 'ok'
          ? undefined
          : alertButtons(
              locale,
              name,
              // What the alerts offer: no restart where none of them does (Hermes retrying servers it cannot reach).
              r.findings.length && !r.findings.some((f) => offersRestart(f))
                ? 'never'
                : overallAdvice(r.findings, recovering || starting),
            ),
  };
}
