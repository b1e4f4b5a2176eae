// /logs [n] [filter] [target] [--bodies]: the tail of gateway.log, at most 200 lines, secrets redacted, and the text
// users wrote to the bot shown as its length only: a /logs in a group chat must not post other people's messages to
// everyone in it. An admin may ask for the bodies (--bodies); a viewer asking is refused.
import { stat } from 'node:fs/promises';
import { commandFor } from './command-line.js';
import { readLastLines, type LastLines } from '../src/probes/log-lines.js';
import { formatSize } from '../src/util/read-capped.js';
import { BLOCK_LINES, lazyRedactedLines } from '../src/util/redact.js';
import { elideBodies } from '../src/util/message-bodies.js';
import { compileFilter, filterNewest, MAX_FILTER_LENGTH } from '../src/util/line-filter.js';
import { errnoParam, t, wordParam } from '../src/i18n.js';
import { namesOf } from '../src/util/accounts.js';
import { runEnv } from '../src/util/run-env.js';
import type { Locale } from '../src/types.js';
import type { CommandRun, LookContext } from './types.js';
import { MAX_LOG_LINES, type LogsArgs } from './verbs/logs.js';
import { targetArg } from './targets.js';

/** A filtered search looks at most this far back (lines and bytes), whatever the pattern. */
const MAX_SCAN_LINES = 100_000;
const MAX_SCAN_BYTES = 4 << 20;
/** Longer lines are cut: nobody reads more in chat, and redacting megabytes at once would hold the loop. */
const MAX_LINE_CHARS = 2000;
/** A message body is measured within this much of a line (a body may be long; its length is all that is shown). */
const MAX_BODY_SCAN = 20_000;

/**
 * The lines as shown and as matched: bodies hidden (unless asked for), cut, then redacted (with a margin, so a secret
 * at the cut is still seen whole), a private key's lines masked together. A filter sees only this, or it could probe a
 * secret or someone's message one character at a time.
 */
function shownLines(
  read: LastLines,
  bodies: boolean,
  locale: Locale,
): { at: (i: number) => string; elided: (i: number) => boolean; cut: (i: number) => number | undefined } {
  const { lines, long } = read;
  const label = (count: number) => t(locale, 'logs.body_elided', { count });
  const scanned = (l: string) => (l.length > MAX_BODY_SCAN ? l.slice(0, MAX_BODY_SCAN) : l);
  const hide = (l: string) => (bodies ? l : elideBodies(scanned(l), label));
  const before = (l: string) => {
    const h = hide(l);
    return h.length > MAX_LINE_CHARS ? h.slice(0, MAX_LINE_CHARS + 600) : h;
  };
  const redacted = lazyRedactedLines(lines, before);
  /** Shown cut: its whole length in bytes (a long line's as the file has it). */
  const cut = (i: number) =>
    long.has(i) || hide(lines[i]!).length > MAX_LINE_CHARS ? (long.get(i) ?? Buffer.byteLength(lines[i]!)) : undefined;
  return {
    at(i) {
      const r = redacted(i);
      return r.length > MAX_LINE_CHARS || cut(i) !== undefined ? `${r.slice(0, MAX_LINE_CHARS)}…` : r;
    },
    elided: (i) => !bodies && hide(lines[i]!) !== scanned(lines[i]!),
    cut,
  };
}

/** What /logs left out of the lines it shows: the lines it cut (how many, the longest), a line too long to read. */
function cutNotes(view: ReturnType<typeof shownLines>, indexes: number[], read: LastLines, locale: Locale): string[] {
  const sizes = indexes.map((i) => view.cut(i)).filter((x) => x !== undefined);
  return [
    ...(sizes.length
      ? [
          t(locale, 'logs.cut', {
            count: sizes.length,
            max: MAX_LINE_CHARS,
            size: formatSize(Math.max(...sizes)),
          }),
        ]
      : []),
    ...(read.unread !== undefined ? [t(locale, 'logs.unread', { size: formatSize(read.unread) })] : []),
  ];
}

/**
 * Why the log cannot be read, and how to read it (issue 80 item 5: a bare `EACCES` said neither): whose file it is and
 * who gatewatch runs as, as `gatewatch validate` says it; the error in words otherwise.
 */
async function whyUnreadable(file: string, err: NodeJS.ErrnoException, locale: Locale): Promise<string> {
  if (err.code === 'ENOENT') return t(locale, 'logs.cannot_read.missing');
  const st = err.code === 'EACCES' || err.code === 'EPERM' ? await stat(file).catch(() => undefined) : undefined;
  if (!st || !process.getuid) return err.code ? wordParam(locale, errnoParam(err.code)) : String(err);
  const [users, groups] = await Promise.all([namesOf('/etc/passwd'), namesOf('/etc/group')]);
  const uid = process.getuid();
  const said = {
    owner: users.get(st.uid) ?? `uid ${st.uid}`,
    mode: (st.mode & 0o7777).toString(8).padStart(4, '0'),
    user: users.get(uid) ?? runEnv().USER ?? `uid ${uid}`,
  };
  // Readable by its group: a group membership is the narrower grant (and survives the log's rotation, an ACL does not);
  // never root's group, which grants far more than a log.
  const group = st.gid === 0 ? undefined : groups.get(st.gid);
  return st.mode & 0o040 && group
    ? t(locale, 'logs.cannot_read.group', { ...said, group })
    : t(locale, 'logs.cannot_read.owner', said);
}

export const logs: CommandRun<LookContext<LogsArgs>> = {
  async run(c) {
    // Bodies are other people's messages: an admin's to show, never a viewer's.
    if (c.args.bodies && c.operator.role !== 'admin') {
      await c.respond({
        title: t(c.locale, 'logs.bodies_admin_only', {
          role: c.operator.role,
          cmd: commandFor(c, { command: 'logs' }),
        }),
        tone: 'warning',
        outcome: 'refused',
      });
      return;
    }
    const n = Math.min(MAX_LOG_LINES, c.args.lines);
    // No target named: the first, as always (a bare /logs on a host with several gateways shows the first one's).
    const target = c.args.target ? await targetArg(c, c.args.target) : c.look.targets()[0];
    if (!target) return;
    const filter = c.args.grep;
    const compiled = filter ? compileFilter(filter) : undefined;
    if (compiled && !compiled.ok) {
      await c.respond({ title: t(c.locale, 'logs.filter_too_long', { max: MAX_FILTER_LENGTH }), tone: 'warning' });
      return;
    }
    let indexes: number[];
    let view: ReturnType<typeof shownLines>;
    let read: LastLines;
    let stopped: { scanned: number } | undefined;
    try {
      if (compiled?.ok) {
        // Read first, then match in slices off the read: the event loop is never held by the pattern.
        read = await readLastLines(target.log_file, MAX_SCAN_LINES, MAX_SCAN_BYTES);
        const shown = (view = shownLines(read, c.args.bodies, c.locale));
        const r = await filterNewest(read.lines, (_l, i) => compiled.test(shown.at(i)), n);
        indexes = r.indexes;
        if (r.stopped) stopped = { scanned: r.scanned };
      } else {
        // A few lines more than shown: a private key that starts above the first line shown is still seen as one.
        read = await readLastLines(target.log_file, n + BLOCK_LINES);
        view = shownLines(read, c.args.bodies, c.locale);
        indexes = read.lines.map((_l, i) => i).slice(-n);
      }
    } catch (err) {
      await c.respond({
        title: t(c.locale, 'logs.cannot_read', { file: target.log_file }),
        tone: 'warning',
        lines: [await whyUnreadable(target.log_file, err as NodeJS.ErrnoException, c.locale)],
        outcome: 'failed',
      });
      return;
    }
    const elided = indexes.some((i) => view.elided(i));
    const notes = [
      ...(indexes.length ? [] : [t(c.locale, 'logs.no_match')]),
      ...(stopped ? [t(c.locale, 'logs.stopped', { scanned: stopped.scanned })] : []),
      ...cutNotes(view, indexes, read, c.locale),
      ...(elided
        ? [t(c.locale, 'logs.bodies_hidden', { cmd: commandFor(c, { command: 'logs', lines: n, bodies: true }) })]
        : []),
      ...(c.args.bodies ? [t(c.locale, 'logs.bodies_shown')] : []),
    ];
    await c.respond({
      title: filter
        ? t(c.locale, 'logs.title_filtered', { target: target.name, count: indexes.length, filter })
        : t(c.locale, 'logs.title', { target: target.name, count: indexes.length }),
      tone: 'info',
      code: indexes.length ? [indexes.map((i) => view.at(i)).join('\n')] : undefined,
      lines: notes.length ? notes : undefined,
    });
  },
};
