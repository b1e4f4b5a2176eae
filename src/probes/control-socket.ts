// The control socket of Hermes v0.20.6+ (hermes-gateway-current.md §4): the best liveness probe there is, because the
// request line is read on the gateway's event loop: "a connectable socket with a well-formed identify answer IS
// liveness", and a wedged loop accepts the connection into the kernel backlog but never answers.
// Wire protocol v1: one request per connection, one JSON line in, one JSON line out, then the server closes.
// gatewatch only ever sends `identify` and `status`: `pause-for-update` and `rescan-profiles` change the gateway.
import { lstat } from '../util/file-calls.js';
import path from 'node:path';
import type { ControlSocketEvidence, GatewayStateFile, IdentifyInfo } from '../evidence.js';
import { parseGatewayState } from './state-file.js';
import { KiB, readCapped } from '../util/read-capped.js';
import { monotonicMs, type Clock } from '../util/clock.js';

/** The only verbs gatewatch may send: both read-only. */
export type ControlVerb = 'identify' | 'status';

export const PROTOCOL = 1;
/** Hermes' own client default (`_DEFAULT_CLIENT_TIMEOUT`). */
export const DEFAULT_TIMEOUT_MS = 2000;
/** Hermes caps a response at 512 KiB. */
const MAX_RESPONSE = 512 * 1024;

/** Direct path if it exists, else the `gateway.sock.path` pointer's target if that exists (`resolve_client_socket_path`). */
export async function resolveSocketPath(home: string): Promise<string | undefined> {
  const direct = path.join(home, 'gateway.sock');
  if (await exists(direct)) return direct;
  let pointed: string;
  try {
    // One path: a FIFO or a huge file in its place is not a pointer to read.
    pointed = (await readCapped(path.join(home, 'gateway.sock.path'), 4 * KiB)).trim();
  } catch {
    return undefined;
  }
  return pointed && path.isAbsolute(pointed) && (await exists(pointed)) ? pointed : undefined;
}

async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch {
    return false;
  }
}

/** The request line exactly as Hermes' Python client writes it (json.dumps default separators). */
export function requestLine(verb: ControlVerb, id = 1): string {
  return `{"verb": ${JSON.stringify(verb)}, "id": ${id}, "protocol": ${PROTOCOL}}\n`;
}

export type ControlReply =
  | { kind: 'reply'; reply: Record<string, unknown>; waitedMs: number }
  | { kind: 'silent'; waitedMs: number }
  | { kind: 'refused' }
  | { kind: 'absent' }
  | { kind: 'error'; error: string };

/** One request on one connection, bounded by `timeoutMs` from the connect attempt on. Never throws. */
export function controlRequest(
  socketPath: string,
  verb: ControlVerb,
  opts: { timeoutMs?: number; clock: Pick<Clock, 'timer'> },
): Promise<ControlReply> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = monotonicMs();
  // node:net when there is a socket to talk to: a one-shot check of a gateway without one never loads it.
  return import('node:net').then(
    ({ createConnection }) =>
      new Promise((resolve) => {
        let done = false;
        const chunks: Buffer[] = [];
        let size = 0;
        const sock = createConnection({ path: socketPath });
        const finish = (r: ControlReply) => {
          if (done) return;
          done = true;
          cancel();
          sock.destroy();
          resolve(r);
        };
        const cancel = opts.clock.timer(
          () => finish({ kind: 'silent', waitedMs: Math.round(monotonicMs() - started) }),
          timeoutMs,
        );
        const parse = () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const nl = text.indexOf('\n');
          const lineText = nl >= 0 ? text.slice(0, nl) : text;
          try {
            const data: unknown = JSON.parse(lineText);
            if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
              return finish({
                kind: 'reply',
                reply: data as Record<string, unknown>,
                waitedMs: Math.round(monotonicMs() - started),
              });
            }
          } catch {
            /* fall through */
          }
          finish({ kind: 'error', error: `malformed reply to ${verb}: ${lineText.slice(0, 80) || '(empty)'}` });
        };
        sock.on('connect', () => sock.write(requestLine(verb)));
        sock.on('data', (b: Buffer) => {
          chunks.push(b);
          size += b.length;
          if (size > MAX_RESPONSE)
            return finish({ kind: 'error', error: `reply to ${verb} larger than ${MAX_RESPONSE} bytes` });
          if (b.includes(0x0a)) parse();
        });
        sock.on('end', () =>
          size ? parse() : finish({ kind: 'error', error: `connection closed without a reply to ${verb}` }),
        );
        sock.on('error', (err: NodeJS.ErrnoException) => {
          if (err.code === 'ECONNREFUSED') return finish({ kind: 'refused' });
          if (err.code === 'ENOENT') return finish({ kind: 'absent' });
          // A full accept backlog: something listens but does not accept, which is the wedged loop again.
          if (err.code === 'EAGAIN') return finish({ kind: 'silent', waitedMs: Math.round(monotonicMs() - started) });
          finish({ kind: 'error', error: `${verb}: ${err.code ?? err.message}` });
        });
      }),
  );
}

function parseIdentify(result: unknown): IdentifyInfo {
  const r = (typeof result === 'object' && result !== null ? result : {}) as Record<string, unknown>;
  const out: IdentifyInfo = {};
  if (Number.isInteger(r.pid)) out.pid = r.pid as number;
  if (Number.isInteger(r.start_time)) out.start_time = r.start_time as number;
  if (typeof r.hermes_home === 'string') out.hermes_home = r.hermes_home;
  if (typeof r.profile === 'string' || r.profile === null) out.profile = r.profile;
  if (typeof r.supervisor === 'string') out.supervisor = r.supervisor;
  if (typeof r.code_sha === 'string' || r.code_sha === null) out.code_sha = r.code_sha;
  if (typeof r.code_version === 'string' || r.code_version === null) out.code_version = r.code_version;
  if (Array.isArray(r.served_profiles))
    out.served_profiles = r.served_profiles.filter((p): p is string => typeof p === 'string');
  if (typeof r.state === 'string') out.state = r.state;
  return out;
}

export interface ProbeControlOptions {
  timeoutMs?: number;
  /** How long an answer is waited for. */
  clock: Pick<Clock, 'timer'>;
  /** Also ask `status` (the state file as the live process sees it), e.g. when the file on disk is unreadable. */
  status?: boolean;
}

/**
 * identify (and optionally status) on the home's control socket. A silent socket is asked once more before it counts:
 * one missed answer can be a busy moment, two in a row is a wedged loop.
 */
export async function probeControlSocket(home: string, opts: ProbeControlOptions): Promise<ControlSocketEvidence> {
  const sockPath = await resolveSocketPath(home);
  if (!sockPath) return { outcome: 'absent' };
  let r = await controlRequest(sockPath, 'identify', opts);
  if (r.kind === 'silent') r = await controlRequest(sockPath, 'identify', opts);
  switch (r.kind) {
    case 'absent':
      return { outcome: 'absent' };
    case 'refused':
      return { outcome: 'refused', path: sockPath };
    case 'silent':
      return { outcome: 'silent', path: sockPath, waitedMs: r.waitedMs };
    case 'error':
      return { outcome: 'error', path: sockPath, error: r.error };
  }
  const ev: ControlSocketEvidence = { outcome: 'answered', path: sockPath, waitedMs: r.waitedMs };
  // Any well-formed reply proves the loop; only an ok one carries identify data.
  if (r.reply.ok === true) ev.identify = parseIdentify(r.reply.result);
  else ev.error = typeof r.reply.error === 'string' ? r.reply.error : 'identify refused';
  if (opts.status && r.reply.ok === true) {
    const st = await controlRequest(sockPath, 'status', opts);
    if (st.kind === 'reply' && st.reply.ok === true) {
      const parsed = parseStatus(st.reply.result ?? st.reply);
      if (parsed) ev.status = parsed;
    }
  }
  return ev;
}

function parseStatus(result: unknown): GatewayStateFile | null {
  if (typeof result !== 'object' || result === null) return null;
  return parseGatewayState(JSON.stringify(result)).state;
}
