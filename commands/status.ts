// /status: each target's process, platforms, open incidents, last restart, mute, a 24-hour timeline; channel health.
import type { Finding, Reply, ReplyField, RestartAdvice, Tone } from '../src/types.js';
import type { Evidence } from '../src/evidence.js';
import { currentRun, isConnectLine, isDrop, lastIndex, parseTime, platformOf, stateIsCurrent } from '../src/detectors/common.js';
import { alertButtons } from '../src/delivery/alerts.js';
import { formatTime } from '../src/util/time.js';
import { incidentKey } from '../src/incidents/machine.js';
import { renderTimeline } from '../src/incidents/timeline.js';
import { budgetLine, budgetSummary } from '../src/actions/restart-policy.js';
import { describeRestart } from '../src/actions/restart.js';
import { formatDuration } from '../src/util/duration.js';
import { pick } from '../src/i18n.js';
import type { ViewerCommand } from './types.js';
import { firstWordIsTarget, targetOnly, type TargetOnly } from './args.js';
import type { LookPort } from './ports.js';
import { targetsArg } from './targets.js';
import { slowestCommandMs } from '../src/probes/host.js';
import { hermesFields, updatingSince } from './hermes-facts.js';

export const status: ViewerCommand<TargetOnly> = {
  name: 'status',
  aliases: ['s', 'st'],
  role: 'viewer',
  args: targetOnly,
  fromWords: firstWordIsTarget,
  usage: '/status [target]',
  summary: { en: 'gateway process, platforms, incidents, last restart', 'zh-CN': '网关进程、平台、故障、最近重启' },
  async run(c) {
    for (const { name } of await targetsArg(c, c.args.target)) {
      await freshEnough(c.look, name);
      await c.respond(statusReply(c.look, name, c.locale));
    }
  },
};

/** How long /status waits for a fresh evaluation before it answers from the last completed one. */
export const STATUS_WAIT_MS = 400;

/**
 * A fresh evaluation, unless it waits on a probe command (a service manager) that is slow to answer, which is only
 * killed at its timeout: then the last completed one, which statusReply marks with its age. A machine that is merely
 * busy still gets a fresh answer; so does a target with nothing judged yet.
 */
async function freshEnough(look: LookPort, name: string): Promise<void> {
  const fresh = look.look(name);
  const settled = fresh.then(() => true, () => true);
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const done = await Promise.race([settled, new Promise<false>((r) => (timer = setTimeout(() => r(false), STATUS_WAIT_MS / 4)))]);
    clearTimeout(timer);
    if (done) return void (await fresh);
    if (look.lastLook(name) && slowestCommandMs() >= STATUS_WAIT_MS) {
      fresh.catch(() => undefined); // its failure is logged by whoever started it; this reply no longer waits
      return;
    }
  }
}


/** State words as the operator reads them (`gateway_state.json` writes the English ids). */
const STATE_WORD: Record<string, { en: string; 'zh-CN': string }> = {
  connected: { en: 'connected', 'zh-CN': '已连接' },
  disconnected: { en: 'disconnected', 'zh-CN': '已断开' },
  retrying: { en: 'retrying', 'zh-CN': '重试中' },
  fatal: { en: 'fatal', 'zh-CN': '致命错误' },
  connecting: { en: 'connecting', 'zh-CN': '连接中' },
};
const DOWN = new Set(['disconnected', 'retrying', 'fatal']);

/** gateway_state.json's gateway_state and the service manager's state words, for a zh-CN reader. */
const LIFECYCLE_WORD: Record<string, string> = {
  running: '运行中',
  starting: '启动中',
  draining: '排空中',
  stopped: '已停止',
  startup_failed: '启动失败',
  active: '运行中',
  inactive: '未运行',
  activating: '启动中',
  deactivating: '停止中',
  failed: '失败',
  reloading: '重载中',
};
const lifecycle = (locale: 'en' | 'zh-CN', w: string) => (locale === 'zh-CN' ? (LIFECYCLE_WORD[w] ?? w) : w);

/**
 * A platform the state file reports down: when its outage began (its first drop after its last connect in the log,
 * or the state file's time), or when the log saw it reconnect after the state file was written.
 */
function downInfo(ev: Evidence, platform: string, updatedAt: number | undefined): { since?: number; reconnectedAt?: number } {
  const run = currentRun(ev).records;
  const lastUp = lastIndex(run, (r) => platformOf(r) === platform && isConnectLine(r));
  if (lastUp >= 0 && updatedAt !== undefined && run[lastUp]!.ts > updatedAt) return { reconnectedAt: run[lastUp]!.ts };
  const firstDrop = run.slice(lastUp + 1).find((r) => platformOf(r) === platform && isDrop(r));
  const times = [updatedAt, firstDrop?.ts].filter((x): x is number => x !== undefined);
  return times.length ? { since: Math.min(...times) } : {};
}

/** The advice for the target as a whole: restart first if it fixes any cause, never if it fixes none. */
function overallAdvice(findings: Finding[], recovering: boolean): RestartAdvice {
  if (findings.some((f) => f.restart === 'helps')) return 'helps';
  if (recovering || findings.some((f) => f.restart !== 'never')) return 'wait';
  return 'never';
}

export function statusReply(look: LookPort, name: string, locale: 'en' | 'zh-CN'): Reply {
  const L = (en: string, zh: string) => pick(locale, { en, 'zh-CN': zh });
  const word = (state: string) => (STATE_WORD[state] ? pick(locale, STATE_WORD[state]) : state);
  const now = look.now();
  const r = look.lastLook(name)!;
  const ev = r.evidence;
  const p = ev.process;
  const st = ev.state;
  const fields: ReplyField[] = [];
  // Answered from an earlier evaluation while a check hangs: say how old it is, and for how long the check has run.
  const since = look.lookingSince(name);
  if (since !== undefined && since >= ev.now && now - since >= STATUS_WAIT_MS) {
    const at = formatTime(ev.now);
    const running = formatDuration(Math.max(1000, now - since));
    fields.push({ label: L('as of', '截至'), value: L(`${at}, a check is running for ${running}`, `${at}，一次检查已进行 ${running}`) });
  }
  fields.push({
    label: L('process', '进程'),
    value: p.alive ? `${L('running', '运行中')} pid ${p.pid}${p.startedAt ? `, ${L('up', '已运行')} ${formatDuration(now - p.startedAt)}` : ''}` : `${L('DOWN', '未运行')} (${p.reason ?? '?'})`,
  });
  fields.push({ label: L('service', '服务'), value: `${ev.service.manager}${ev.service.name ? ` ${ev.service.name}` : ''}${ev.service.state ? `: ${lifecycle(locale, ev.service.state)}` : ''}` });
  fields.push(...hermesFields(ev, locale));
  // `hermes update` stops the gateway on purpose: its platforms are not "starting", it is updating.
  const updating = updatingSince(ev) !== undefined;
  // The state file outlives its writer (SIGKILL, an unexpected SIGTERM): only the live process's file is the truth.
  const trusted = p.alive && stateIsCurrent(ev);
  if (st?.gateway_state) {
    const stale = trusted
      ? ''
      : st.pid === undefined
        ? L(' (stale: the gateway is not running)', '（已过时：网关未运行）')
        : p.alive
          ? L(` (stale: written by pid ${st.pid}, the gateway now runs as pid ${p.pid})`, `（已过时：由 pid ${st.pid} 写入，网关现在的 pid 是 ${p.pid}）`)
          : L(` (stale: written by pid ${st.pid}, which is not running)`, `（已过时：由 pid ${st.pid} 写入，该进程已不在运行）`);
    fields.push({ label: 'gateway_state', value: `${lifecycle(locale, st.gateway_state)}${stale}` });
  }
  const grace = look.settings.disconnectGraceMs;
  let recovering = false;
  let starting = false;
  const platforms = new Set([...ev.expectedPlatforms, ...Object.keys(st?.platforms ?? {})]);
  for (const pl of platforms) {
    const ps = st?.platforms[pl];
    const updated = parseTime(ps?.updated_at);
    const at = updated !== undefined ? formatTime(updated) : undefined;
    let value: string;
    if (!trusted) {
      value = !ps
        ? L('unknown', '未知')
        : at
          ? L(`unknown (last seen ${ps.state} at ${at})`, `未知（最后一次看到时为${word(ps.state)}，${at}）`)
          : L(`unknown (last seen ${ps.state})`, `未知（最后一次看到时为${word(ps.state)}）`);
    } else if (!ps) {
      starting = true;
      value = L('not reported yet', '尚未报告');
    } else if (ps.state === 'disabled') {
      // Parked by Hermes on purpose (ingress shared with the default profile, a duplicate credential): not a fault.
      value = L(`not served here, on purpose (${ps.error_code ?? 'disabled'})`, `按设计不在此处服务（${ps.error_code ?? 'disabled'}）`);
    } else if (ps.state === 'connected') {
      value = at ? L(`connected since ${at}`, `已连接，自 ${at} 起`) : word('connected');
    } else {
      const down = DOWN.has(ps.state) ? downInfo(ev, pl, updated) : {};
      const explained = r.findings.some((f) => f.platform === pl);
      if (!explained && down.reconnectedAt !== undefined) {
        // Hermes has not rewritten the state file since the reconnect it logged.
        const back = formatTime(down.reconnectedAt);
        value = L(`connected since ${back} (from the log; gateway_state.json still says ${ps.state})`, `已连接，自 ${back} 起（据日志；gateway_state.json 仍为${word(ps.state)}）`);
      } else if (!explained && down.since !== undefined && now - down.since <= grace) {
        // Hermes is still reconnecting: not a problem yet, and not healthy either.
        recovering = true;
        value = L(`${ps.state} ${formatDuration(now - down.since)} ago, within the ${formatDuration(grace)} grace`, `${word(ps.state)} ${formatDuration(now - down.since)} 前，仍在 ${formatDuration(grace)} 的宽限期内`);
      } else {
        if (!explained && DOWN.has(ps.state)) recovering = true;
        else if (!explained) starting = true; // connecting
        value = at ? L(`${ps.state} since ${at}`, `${word(ps.state)}，自 ${at} 起`) : word(ps.state);
      }
      // Hermes' own words, quoted as such.
      if (ps.error_message && down.reconnectedAt === undefined) value += ` ("${ps.error_message}")`;
    }
    fields.push({ label: pl, value });
  }
  const incidents = look.openIncidents(name);
  // A served profile's restarts are its root's: one restart of the root restarted this profile's bots too.
  const history = look.restartHistory(name);
  const last = history.at(-1);
  fields.push({
    label: L('last restart', '最近重启'),
    value: last ? `${formatTime(last.at)} ${last.ok ? '✓' : '✗'} ${last.actor}${last.durationMs !== undefined ? `, ${formatDuration(last.durationMs)}` : ''}${last.detail ? ` (${describeRestart(last, locale)})` : ''}` : L('none', '无'),
  });
  fields.push({ label: L('budget', '重启额度'), value: budgetLine(budgetSummary(history, name, look.settings.restartBudget, now, r.findings), locale) });
  const mute = look.mute();
  if (mute) fields.push({ label: L('muted', '静音'), value: `${L('until', '至')} ${formatTime(mute.until)} (${mute.by})` });
  if (look.autoRestartPaused(name)) fields.push({ label: L('auto-restart', '自动重启'), value: L('paused: restart budget used up', '已暂停：重启额度已用完') });

  // What is wrong now (from this evaluation), with the incident's age and ack when the daemon has one open.
  const byKey = new Map(incidents.map((i) => [i.key, i]));
  const lines = r.findings.length
    ? r.findings.map((f) => {
        const inc = byKey.get(incidentKey(f));
        const extra = inc ? ` (${formatDuration(now - inc.openedAt)}${inc.acked ? `, ack ${inc.acked.by}` : ''}${inc.flapping ? ', flapping' : ''})` : '';
        return `${f.severity === 'critical' ? '🔴' : f.severity === 'warning' ? '🟠' : 'ℹ️'} ${f.title}${extra}`;
      })
    : [L('No open incidents.', '没有未解决的故障。')];
  const tl = look.timeline(name);
  const code = Object.keys(tl).length
    ? [[L('24h  (oldest → now; █ up ▒ partly down · down)', '24 小时（旧 → 新；█ 正常 ▒ 部分中断 · 中断）'), ...Object.entries(tl).map(([pl, ch]) => `${pl.padEnd(8)} |${renderTimeline(ch, now)}|`)].join('\n')]
    : undefined;
  const health = look.channels();
  for (const h of health) {
    if (h.name === 'console') continue;
    lines.push(`${h.ok ? '🟢' : '🔴'} ${h.name}: ${h.summary}`);
    for (const f of h.fields ?? []) lines.push(`    ${f.label}: ${f.value}`);
  }
  // The headline is "healthy" only when nothing is wrong: a platform still reconnecting is "recovering".
  const tone: Tone = r.findings.some((f) => f.severity === 'critical')
    ? 'critical'
    : r.findings.some((f) => f.severity === 'warning') || ((recovering || starting) && !updating)
      ? 'warning'
      : r.findings.length || updating
        ? 'info'
        : 'ok';
  const headline = r.findings.length
    ? L(`${r.findings.length} problem(s)`, `${r.findings.length} 个问题`)
    : updating
      ? L('updating', '正在更新')
      : recovering
      ? L('recovering', '恢复中')
      : starting
        ? L('starting', '启动中')
        : L('healthy', '正常');
  return {
    title: `${name}${L(': ', '：')}${headline}`,
    tone,
    fields,
    lines,
    code,
    buttons: tone === 'ok' ? undefined : alertButtons(locale, name, overallAdvice(r.findings, recovering || starting)),
  };
}
