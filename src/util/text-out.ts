// Text leaving the process for a person (console, CLI, chat, notifiers): secrets redacted and terminal control
// stripped. Log lines are hostile input: an ANSI/OSC escape could recolour, retitle or rewrite the operator's
// terminal, a carriage return hide what precedes it, a bidi override reorder what is read.
import type { Alert, Reply, ReplyChart } from '../types.js';
import { redact } from './redact.js';

// Whole escape sequences first (CSI, OSC up to BEL/ST, DCS/SOS/PM/APC up to ST, two-byte ESC x), so no payload is left
// behind as visible garbage; then any other C0/C1 control except newline and tab, and bidi/format overrides.
const ESCAPES =
  /\x1b\[[0-?]{0,64}[ -/]{0,16}[@-~]|\x9b[0-?]{0,64}[ -/]{0,16}[@-~]|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]{0,4096}(?:\x07|\x1b\\|\x9c)?|(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x1b\x9c]{0,4096}(?:\x1b\\|\x9c)?|\x1b[ -/]{0,4}[0-~]?/g;
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function stripControls(text: string): string {
  return text.replace(ESCAPES, '').replace(CONTROLS, '');
}

/** Redacted and free of terminal control: safe to print or post. Stripping comes first: removing a control may
 * join the parts of a secret, and redacting last keeps this idempotent. */
export function safeText(text: string): string {
  return redact(stripControls(text));
}

/** Every word a picture draws made safe (a platform key is read from a state file: it may carry a token). */
export function safeChart(c: ReplyChart): ReplyChart {
  return {
    ...c,
    title: safeText(c.title),
    rows: c.rows.map((r) => ({ ...r, label: safeText(r.label) })),
    ticks: c.ticks.map((k) => ({ ...k, label: safeText(k.label) })),
    legend: {
      up: safeText(c.legend.up),
      deaf: safeText(c.legend.deaf),
      down: safeText(c.legend.down),
      off: safeText(c.legend.off),
      incident: safeText(c.legend.incident),
    },
    ...(c.note !== undefined ? { note: safeText(c.note) } : {}),
    ...(c.empty !== undefined ? { empty: safeText(c.empty) } : {}),
  };
}

/** Every string of a reply made safe; the shape is unchanged. */
export function safeReply(r: Reply): Reply {
  return {
    ...r,
    title: safeText(r.title),
    ...(r.fields
      ? { fields: r.fields.map((f) => ({ ...f, label: safeText(f.label), value: safeText(f.value) })) }
      : {}),
    ...(r.lines ? { lines: r.lines.map(safeText) } : {}),
    ...(r.code ? { code: r.code.map(safeText) } : {}),
    ...(r.chart ? { chart: safeChart(r.chart) } : {}),
    ...(r.buttons
      ? { buttons: r.buttons.map((b) => ({ ...b, label: safeText(b.label), command: stripControls(b.command) })) }
      : {}),
  };
}

export function safeAlert(a: Alert): Alert {
  return { ...a, reply: safeReply(a.reply) };
}
