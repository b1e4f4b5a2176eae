// The one way a point in time is shown to the operator: `06-22 08:00:03`, in the host's zone and with seconds, because
// gatewatch's judgements (grace, flap window) are seconds apart. A time shown in any other zone names that zone, so a
// UTC time from a state file is never mistaken for local time.

/** The zone of this host (what `date` prints). Read each call: tests and users may set TZ at run time. */
function hostZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * `MM-DD HH:MM:SS` in the host's zone; with `zone` (an IANA name) other than the host's, in that zone with its name
 * appended (`06-22 08:00:03 UTC`). Accepts epoch ms or an ISO string; an unparsable value is returned as it came.
 */
export function formatTime(when: number | string, zone?: string): string {
  const d = new Date(when);
  if (Number.isNaN(d.getTime())) return String(when);
  if (!zone) return localStamp(d.getTime()).slice(5);
  const other = zone !== hostZone() ? zone : undefined;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: other,
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    ...(other ? { timeZoneName: 'short' as const } : {}),
  }).formatToParts(d);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const text = `${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}`;
  return other ? `${text} ${part('timeZoneName')}` : text;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * `YYYY-MM-DD HH:MM:SS` in the host's zone, from Date's own fields: the first Intl.DateTimeFormat (or a
 * toLocaleString) maps ~6 MB of ICU locale data into the daemon for the rest of its life (issue 21); the zone rules
 * Date reads are a fraction of that. Callers slice what they show.
 */
export function localStamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

const MINUTE_MS = 60_000;

/**
 * The zone's offset from UTC at `ms`, in ms: the host's zone from Date (no ICU data, as above), an IANA zone (a
 * configured report.tz) through Intl.
 */
export function zoneOffsetMs(ms: number, zone?: string): number {
  if (!zone) return -new Date(ms).getTimezoneOffset() * MINUTE_MS;
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    })
      .formatToParts(ms)
      .map((x) => [x.type, Number(x.value)]),
  );
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!) - Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

/** The wall clock at `ms` in the zone, as a Date whose UTC fields (getUTCHours…) are the zone's local ones. */
export const wallClock = (ms: number, zone?: string): Date => new Date(ms + zoneOffsetMs(ms, zone));

/** `MM-DD HH:MM` on the zone's wall clock. */
export function shortStamp(ms: number, zone?: string): string {
  const d = wallClock(ms, zone);
  return `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}
