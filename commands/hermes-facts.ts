// What gatewatch found about the Hermes install itself, for /status and doctor: the version (from the home, never from
// gatewatch's config), an update window, who serves a profile, and (doctor) the control socket.
import type { Evidence } from '../src/evidence.js';
import type { Locale, ReplyField } from '../src/types.js';
import { formatDuration } from '../src/util/duration.js';
import { formatTime } from '../src/util/time.js';
import { pick } from '../src/i18n.js';

const SOURCE = {
  identify: { en: 'from the control socket', 'zh-CN': '来自控制套接字' },
  state_file: { en: 'from gateway_state.json', 'zh-CN': '来自 gateway_state.json' },
  files: { en: 'judged from the files present', 'zh-CN': '根据现有文件判断' },
  none: { en: '', 'zh-CN': '' },
} as const;

export function hermesVersionText(ev: Evidence, locale: Locale): string | undefined {
  const v = ev.hermes?.version;
  if (!v) return undefined;
  const L = (en: string, zh: string) => pick(locale, { en, 'zh-CN': zh });
  const from = pick(locale, SOURCE[v.source]);
  const name = v.version
    ? `${v.version}${v.sha ? ` (${v.sha.slice(0, 8)})` : ''}`
    : v.generation === 'legacy'
      ? 'v0.17/0.18'
      : v.generation === 'current'
        ? L('v0.19 or later', 'v0.19 或更新')
        : undefined;
  if (!name) return undefined;
  return from ? `${name}${L(', ', '，')}${from}` : name;
}

/** A live `hermes update` window: the gateway is down on purpose. */
export function updatingSince(ev: Evidence): number | undefined {
  const m = ev.hermes?.update?.marker;
  return m?.live ? m.startedAt : undefined;
}

/** Rows for /status (and doctor): version, update window, serving. Empty for a home that shows none of it. */
export function hermesFields(ev: Evidence, locale: Locale): ReplyField[] {
  const h = ev.hermes;
  if (!h) return [];
  const L = (en: string, zh: string) => pick(locale, { en, 'zh-CN': zh });
  const out: ReplyField[] = [];
  const version = hermesVersionText(ev, locale);
  if (version) out.push({ label: 'Hermes', value: version });
  const u = h.update;
  const since = updatingSince(ev);
  if (since !== undefined) {
    const ago = formatDuration(Math.max(0, ev.now - since));
    out.push({ label: L('update', '更新'), value: L(`updating since ${formatTime(since)} (${ago}): no alerts, no restarts`, `正在更新，自 ${formatTime(since)} 起（${ago}）：不告警、不重启`) });
  } else if (u?.marker) {
    out.push({ label: L('update', '更新'), value: L(`stale update marker (pid ${u.marker.pid} since ${formatTime(u.marker.startedAt)})`, `过期的更新标记（pid ${u.marker.pid}，自 ${formatTime(u.marker.startedAt)} 起）`) });
  }
  if (u?.incomplete?.length) out.push({ label: L('update', '更新'), value: L(`stopped half-way (${u.incomplete.join(', ')})`, `中途停止（${u.incomplete.join(', ')}）`) });
  const sv = h.serving;
  if (sv?.role === 'served') {
    const root = sv.root?.process;
    out.push({ label: L('served by', '服务者'), value: `${L('the root gateway', '根网关')} ${sv.rootHome ?? ''}${root?.alive ? ` (pid ${root.pid})` : root ? L(' (not running)', '（未运行）') : ''}`.trim() });
  }
  const served = h.control?.identify?.served_profiles ?? (sv?.role === 'root' ? ev.state?.served_profiles : undefined);
  if (served?.length) out.push({ label: L('serves profiles', '服务的 profile'), value: served.join(', ') });
  return out;
}

/** Doctor only: what the control socket said, or why gatewatch fell back to the pid and state files. */
export function controlSocketText(ev: Evidence, locale: Locale): string | undefined {
  const c = ev.hermes?.control;
  if (!c) return undefined;
  const L = (en: string, zh: string) => pick(locale, { en, 'zh-CN': zh });
  const where = c.path ? `${c.path}: ` : '';
  switch (c.outcome) {
    case 'answered':
      return `${where}${L('answered', '已应答')}${c.waitedMs !== undefined ? ` (${c.waitedMs} ms)` : ''}`;
    case 'silent':
      return `${where}${L('connected but no answer (event loop wedged?)', '已连接但无应答（事件循环卡住？）')}`;
    case 'refused':
      return `${where}${L('refused: stale socket, the process is gone', '拒绝连接：套接字已过时，进程已不在')}`;
    case 'absent':
      return L('none (Hermes before v0.20.6, or not running): using the pid and state files', '无（Hermes 早于 v0.20.6 或未运行）：改用 pid 与状态文件');
    default:
      return `${where}${L('error', '错误')}${c.error ? ` ("${c.error}")` : ''}`;
  }
}
