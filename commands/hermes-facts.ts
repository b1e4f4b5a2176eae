// What gatewatch found about the Hermes install itself, for /status and doctor: the version (from the home, never from
// gatewatch's config), an update window, who serves a profile, and (doctor) the control socket.
import { hermesVersionName, type Evidence } from '../src/evidence.js';
import type { Locale, ReplyField } from '../src/types.js';
import { formatDuration } from '../src/util/duration.js';
import { formatTime } from '../src/util/time.js';
import { t } from '../src/i18n.js';
import { updateStoppedForGood } from '../src/detectors/process.js';

export function hermesVersionText(ev: Evidence, locale: Locale): string | undefined {
  const v = ev.hermes?.version;
  if (!v) return undefined;
  const name = v.version
    ? `${v.version}${v.sha ? ` (${v.sha.slice(0, 8)})` : ''}`
    : (hermesVersionName(v) ?? (v.generation === 'current' ? t(locale, 'hermes.version.current') : undefined));
  if (!name) return undefined;
  return v.source === 'none'
    ? name
    : t(locale, 'hermes.version.with_source', { version: name, source: t(locale, `hermes.source.${v.source}`) });
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
  const out: ReplyField[] = [];
  const version = hermesVersionText(ev, locale);
  if (version) out.push({ label: 'Hermes', value: version });
  const u = h.update;
  const since = updatingSince(ev);
  if (since !== undefined) {
    const ago = formatDuration(Math.max(0, ev.now - since));
    // One it says it stopped for good is alerted, and started once the update is done: not "no alerts".
    const leftStopped = !ev.process.alive && updateStoppedForGood(ev);
    out.push({
      label: t(locale, 'hermes.field.update'),
      value: t(locale, leftStopped ? 'hermes.update.updating_left_stopped' : 'hermes.update.updating', {
        since: formatTime(since),
        ago,
      }),
    });
  } else if (u?.marker) {
    out.push({
      label: t(locale, 'hermes.field.update'),
      value: t(locale, 'hermes.update.stale_marker', { pid: u.marker.pid, since: formatTime(u.marker.startedAt) }),
    });
  }
  if (u?.incomplete?.length)
    out.push({
      label: t(locale, 'hermes.field.update'),
      value: t(locale, 'hermes.update.incomplete', { files: u.incomplete.join(', ') }),
    });
  const sv = h.serving;
  if (sv?.role === 'served') {
    const root = sv.root?.process;
    const home = sv.rootHome ?? '';
    const by = root?.alive
      ? t(locale, 'hermes.served_by_pid', { home, pid: String(root.pid) })
      : root
        ? t(locale, 'hermes.served_by_down', { home })
        : t(locale, 'hermes.served_by', { home });
    out.push({ label: t(locale, 'hermes.field.served_by'), value: by.trim() });
  }
  const served = h.control?.identify?.served_profiles ?? (sv?.role === 'root' ? ev.state?.served_profiles : undefined);
  if (served?.length) out.push({ label: t(locale, 'hermes.field.serves'), value: served.join(', ') });
  return out;
}

/** Doctor only: what the control socket said, or why gatewatch fell back to the pid and state files. */
export function controlSocketText(ev: Evidence, locale: Locale): string | undefined {
  const c = ev.hermes?.control;
  if (!c) return undefined;
  const where = c.path ? `${c.path}: ` : '';
  switch (c.outcome) {
    case 'answered':
      return `${where}${c.waitedMs !== undefined ? t(locale, 'hermes.control.answered_in', { ms: c.waitedMs }) : t(locale, 'hermes.control.answered')}`;
    case 'silent':
      return `${where}${t(locale, 'hermes.control.silent')}`;
    case 'refused':
      return `${where}${t(locale, 'hermes.control.refused')}`;
    case 'absent':
      return t(locale, 'hermes.control.absent');
    default:
      return `${where}${c.error ? t(locale, 'hermes.control.error_detail', { error: c.error }) : t(locale, 'hermes.control.error')}`;
  }
}
