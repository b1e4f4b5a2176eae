// The CLI's side of the control socket: when a daemon runs for this state_dir, it answers; when none does (no socket,
// or a stale one left by kill -9), the CLI runs the command itself.
import { existsSync, lstatSync } from 'node:fs';
import type net from 'node:net';
import { phrase, type Phrase } from '../i18n.js';
import type { Reply } from '../types.js';
import { lockHolder, type ControlNote } from './lock.js';
import { fallbackSocketPath } from './fallback.js';
import { PROTOCOL_VERSION, socketPath, untrustedSocket, type CheckSummary, type ControlLine } from './protocol.js';
import { monotonicMs, type Clock } from '../util/clock.js';

export interface DaemonAnswer {
  exit: number;
  check?: CheckSummary;
  error?: string;
  pid?: number;
  /** Answered on a socket the daemon serves aside (its lock said where): the path it refused, and why. */
  aside?: ControlNote & { socket: string };
}

/** A daemon holds the state_dir but does not answer: running the command here would act behind its back. */
export class DaemonUnreachable extends Error {
  constructor(
    readonly pid: number | undefined,
    readonly socket: string,
  ) {
    super(`the gatewatch daemon${pid ? ` (pid ${pid})` : ''} does not answer on ${socket}`);
  }
}

/** A daemon holds the state_dir and serves no control socket (its lock says why): it watches, the CLI cannot reach it. */
export class DaemonNoSocket extends Error {
  constructor(
    readonly pid: number,
    readonly note: ControlNote,
  ) {
    super(`the gatewatch daemon (pid ${pid}) serves no control socket: ${note.refused}: ${phrase('en', note.why)}`);
  }
}

/** The daemon took the request and then failed it (broke off, sent garbage, took too long): `why` as a text. */
export class DaemonFailed extends Error {
  constructor(readonly why: Phrase) {
    super(phrase('en', why));
  }
}

/** The socket is not this user's: talking to it would hand another user our commands and confirmations. */
export class UntrustedSocket extends Error {
  constructor(
    readonly socket: string,
    readonly why: Phrase,
  ) {
    super(`refusing the control socket ${socket}: ${phrase('en', why)}`);
  }
}

/** Every connection the daemon takes is in use (or it cut this one off before a word): try again shortly. */
export class DaemonBusy extends Error {
  constructor(
    readonly pid: number | undefined,
    readonly socket: string,
    readonly why: Phrase,
  ) {
    super(
      `the gatewatch daemon${pid ? ` (pid ${pid})` : ''} on ${socket} is busy: ${phrase('en', why)}; try again in a moment`,
    );
  }
}

/** A daemon greets at once; one that does not within this is hung (its event loop blocked, or stopped). */
const HELLO_TIMEOUT_MS = 10_000;
/** A restart waits for its verification; past this the daemon is taken as hung. */
const ANSWER_TIMEOUT_MS = 15 * 60_000;

/** What the CLI asks: a command with structured arguments (or, for `check`, its words). */
export type DaemonRequest = { json: boolean } & ({ command: string; args: Record<string, unknown> } | { text: string });

/**
 * Ask the daemon of `stateDir` to run a CLI command; undefined when no daemon runs. A daemon that is still starting
 * (lock held, socket not yet listening), or busy, is waited for up to `waitMs` (30 s). Its socket is in the state_dir,
 * else in the state_dir's fallback directory (a daemon started on a read-only disk).
 */
export async function askDaemon(
  stateDir: string,
  req: DaemonRequest,
  onReply: (r: Reply) => void | Promise<void>,
  o: { waitMs?: number; clock: Pick<Clock, 'sleep' | 'timer'> },
): Promise<DaemonAnswer | undefined> {
  const usual = [socketPath(stateDir), fallbackSocketPath(stateDir)];
  // A daemon starts its demo gateway and channels before it listens: give it that long.
  const deadline = monotonicMs() + (o.waitMs ?? 30_000);
  for (;;) {
    const holder = await lockHolder(stateDir);
    // A daemon that could not trust the usual paths says in its lock where it serves instead, or that it serves nowhere.
    const note = holder && holder.pid !== process.pid ? holder.control : undefined;
    if (note && !note.socket) throw new DaemonNoSocket(holder!.pid, note);
    const files = [...new Set([...(note?.socket ? [note.socket] : []), ...usual])];
    let busy: { file: string; why: Phrase; pid?: number } | undefined;
    let untrusted: UntrustedSocket | undefined;
    for (const file of files) {
      // Nothing there, nobody to talk to (an untrusted directory with no socket in it is not a reason to refuse).
      if (!present(file)) continue;
      const why = untrustedSocket(file);
      if (why) {
        untrusted ??= new UntrustedSocket(file, why);
        continue;
      }
      const sock = await connect(file);
      if (!sock) continue;
      const r = await converse(sock, stateDir, file, req, onReply, o.clock);
      if (!('again' in r)) return note?.socket === file ? { ...r, aside: { ...note, socket: file } } : r;
      busy = { file, why: r.again, pid: r.pid };
      break;
    }
    // A socket not ours to trust, and no daemon of ours answering elsewhere: neither talk to it nor act behind it.
    if (!busy && untrusted) throw untrusted;
    if (!busy && (!holder || holder.pid === process.pid)) return undefined;
    if (monotonicMs() >= deadline)
      throw busy
        ? new DaemonBusy(busy.pid ?? holder?.pid, busy.file, busy.why)
        : new DaemonUnreachable(holder?.pid, files[0]!);
    await o.clock.sleep(busy ? 300 + Math.random() * 700 : 200);
  }
}

function present(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

async function connect(file: string): Promise<net.Socket | undefined> {
  // No socket file, no daemon (as ENOENT would say, without opening a socket, nor loading node:net, for it).
  if (!existsSync(file)) return undefined;
  const { createConnection } = await import('node:net');
  return new Promise((resolve) => {
    const sock = createConnection(file);
    sock.once('connect', () => {
      sock.removeAllListeners('error');
      resolve(sock);
    });
    // ENOENT (no daemon), ECONNREFUSED (a socket file nobody listens on), ENOTSOCK, EACCES: not a daemon we can use.
    sock.once('error', () => resolve(undefined));
  });
}

/** The daemon's answer, or `again` when it turned the request away unanswered (busy) and it is worth asking again. */
function converse(
  sock: net.Socket,
  stateDir: string,
  file: string,
  req: DaemonRequest,
  onReply: (r: Reply) => void | Promise<void>,
  clock: Pick<Clock, 'timer'>,
): Promise<DaemonAnswer | { again: Phrase; pid?: number }> {
  return new Promise((resolve, reject) => {
    let buf = '';
    let check: CheckSummary | undefined;
    let done = false;
    let pid: number | undefined;
    // Replies are printed in order even when printing is async.
    let chain: Promise<void> = Promise.resolve();
    let greeted = false;
    const fail = (why: Phrase | Error) => {
      if (done) return;
      done = true;
      cancelTimer();
      sock.destroy();
      // Cut off before the greeting (EPIPE on the request, a reset, a close): the daemon took no request; ask again.
      if (!greeted && !(why instanceof Error)) return resolve({ again: why });
      reject(why instanceof Error ? why : new DaemonFailed(why));
    };
    let cancelTimer = clock.timer(
      () => void lockHolder(stateDir).then((h) => fail(new DaemonUnreachable(h?.pid, file))),
      HELLO_TIMEOUT_MS,
    );
    sock.setEncoding('utf8');
    sock.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while (!done && (nl = buf.indexOf('\n')) >= 0) {
        const raw = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        let line: ControlLine;
        try {
          line = JSON.parse(raw) as ControlLine;
        } catch {
          return fail(new DaemonFailed({ key: 'control.failed.not_json' }));
        }
        if ('daemon' in line) {
          greeted = true;
          pid = line.daemon.pid;
          cancelTimer();
          cancelTimer = clock.timer(
            () =>
              fail(
                new DaemonFailed({
                  key: 'control.failed.timeout',
                  params: { pid: pid ?? '?', minutes: ANSWER_TIMEOUT_MS / 60_000 },
                }),
              ),
            ANSWER_TIMEOUT_MS,
          );
        } else if ('reply' in line) {
          const r = line.reply;
          chain = chain.then(() => onReply(r));
        } else if ('check' in line) check = line.check;
        else if ('end' in line) {
          done = true;
          cancelTimer();
          sock.end();
          const end = line;
          if (end.busy) {
            sock.destroy();
            return resolve({ again: busyWhy(end.error), pid });
          }
          void chain.then(() => resolve({ exit: end.exit, check, error: end.error, pid }), reject);
        }
      }
    });
    sock.on('error', (err) => fail({ key: 'control.again.socket', params: { error: err.message } }));
    sock.on('close', () => fail({ key: 'control.again.closed' }));
    sock.write(JSON.stringify({ v: PROTOCOL_VERSION, ...req }) + '\n');
  });
}

/**
 * Why a daemon turned a request away, as its server says it (`busy: 8 control connections are open`, server.ts): the
 * one reason it gives, as a text; anything else (another version's words) as it came.
 */
export function busyWhy(error: string | undefined): Phrase {
  const full = /^(?:busy:\s*)?(\d+) control connections are open$/.exec(error ?? '');
  return full
    ? { key: 'control.again.full', params: { count: Number(full[1]) } }
    : { key: 'control.again.other', params: { why: (error ?? 'busy').replace(/^busy:\s*/, '') } };
}
