// The control socket between the daemon and the CLI: one request per connection, newline-delimited JSON.
//   daemon → client   {"daemon":{"v":1,"pid":1234}}\n   at once on connect: a daemon that is alive, not hung
//   client → daemon   {"v":1,"command":"logs","args":{"lines":20,"grep":"a  b"},"json":false}\n
//                     (or, from older clients, {"v":1,"text":"status demo"}: the words as typed in chat)
//   daemon → client   {"reply":{...Reply}}\n            zero or more, as the command produces them (progress too)
//                     {"check":{"status":"ok","findings":[]}}\n   `check` with json only
//                     {"end":true,"exit":0}\n           always last; `error` says why a request was refused
import { createHash } from 'node:crypto';
import path from 'node:path';
import { lstatSync } from 'node:fs';
import type { Finding, Reply } from '../types.js';
import type { Phrase } from '../i18n.js';
import { runEnv } from '../util/run-env.js';
import { userTmpDir } from './fallback.js';

export const PROTOCOL_VERSION = 1;
/** The daemon cannot take the request now (sysexits.h EX_TEMPFAIL): busy, or hung. */
export const EX_TEMPFAIL = 75;
/** A CLI usage error (sysexits.h EX_USAGE). */
export const EX_USAGE = 64;
/** A request is one short command line; anything longer is refused before it is parsed. */
export const MAX_REQUEST_BYTES = 16 * 1024;
export interface ControlRequest {
  v: number;
  /** The command and its arguments, structured as the command's schema takes them (parsed once, by the CLI). */
  command?: string;
  args?: Record<string, unknown>;
  /** Older clients: the command line without the program name, as typed in chat (`status demo`, `logs 30 4009`). */
  text?: string;
  /** The client prints JSON: `check` then sends its findings instead of text replies. */
  json?: boolean;
}

export interface CheckSummary {
  status: 'ok' | 'warning' | 'critical';
  findings: CheckFinding[];
  /** Targets down because their operator stopped them (ISO time of the stop); absent when none is. */
  stopped?: { target: string; by: 'operator'; at: string }[];
}

/**
 * A finding as `check --json` prints it (docs/cli.md, "check --json"), a contract: its words in the configured locale, times
 * as ISO strings, and none of the catalogue's keys or parameters (what the words were made from).
 */
export interface CheckFinding {
  check: string;
  target: string;
  severity: Finding['severity'];
  platform?: string;
  profile?: string;
  cause?: string;
  scope?: Finding['scope'];
  /** Why the scope is what it is, in words, where a probe said. */
  scopeText?: string;
  title: string;
  explanation: string;
  action: string;
  evidence: string[];
  restart: Finding['restart'];
  /** A restart makes it worse: it holds every restart of the gateway. */
  worse?: boolean;
  /** The cause that decides this finding's restart advice. */
  heldBy?: Pick<NonNullable<Finding['heldBy']>, 'check' | 'platform' | 'title' | 'why' | 'own'>;
  /** When it began, where the evidence shows it. */
  since?: string;
  /** `since` is the last sign of life before it, not its start. */
  sinceIsLastSign?: boolean;
  /** The latest evidence of an episode of many short outages. */
  latest?: string;
}

export type ControlLine =
  | { daemon: { v: number; pid: number } }
  | { reply: Reply }
  | { check: CheckSummary }
  | { end: true; exit: number; error?: string; busy?: boolean };

/**
 * Unix socket paths are limited to ~104 bytes: a deep state_dir gets a short, stable path in a directory only this
 * user can enter instead — $XDG_RUNTIME_DIR (the system makes it so), else a 0700 directory of its own in the temp dir
 * (never the world-writable temp dir itself, where another user could bind the name first).
 */
export function socketPath(stateDir: string, env: NodeJS.ProcessEnv = runEnv()): string {
  const p = path.join(stateDir, 'gatewatch.sock');
  if (Buffer.byteLength(p) < 100) return p;
  const name = `gatewatch-${createHash('sha256').update(path.resolve(stateDir)).digest('hex').slice(0, 16)}.sock`;
  const xdg = env.XDG_RUNTIME_DIR;
  if (xdg && path.isAbsolute(xdg) && Buffer.byteLength(path.join(xdg, name)) < 100) return path.join(xdg, name);
  return path.join(userTmpDir(env), name);
}

/**
 * Why the socket (or the directory it lives in) is not this user's to trust: another user owns it, it is a symbolic
 * link, or others may write to its directory. Undefined when it is ours, or does not exist (yet).
 */
export function untrustedSocket(file: string): Phrase | undefined {
  const uid = process.getuid?.();
  if (uid === undefined) return undefined; // no owners to compare (Windows)
  for (const p of [path.dirname(file), file]) {
    let st: import('node:fs').Stats;
    try {
      st = lstatSync(p);
    } catch {
      continue;
    }
    if (st.isSymbolicLink()) return { key: 'control.untrusted.symlink', params: { path: p } };
    if (st.uid !== uid) return { key: 'control.untrusted.owner', params: { path: p, owner: st.uid, uid } };
    if (p !== file && (st.mode & 0o002) !== 0)
      return { key: 'control.untrusted.writable', params: { path: p, mode: (st.mode & 0o777).toString(8) } };
  }
  return undefined;
}

/**
 * The exit code a command's replies mean: 2 an unknown target, 1 a refusal, a failure or a critical finding, else 0.
 * `check` has its own (0/1/2 by the worst finding).
 */
export function exitCodeFor(replies: Reply[]): number {
  if (replies.some((r) => r.outcome === 'usage')) return EX_USAGE;
  if (replies.some((r) => r.outcome === 'unknown_target')) return 2;
  if (replies.some((r) => r.outcome === 'refused' || r.outcome === 'failed' || r.tone === 'critical')) return 1;
  return 0;
}

export function checkExitCode(findings: readonly Pick<Finding, 'severity'>[]): number {
  return findings.some((f) => f.severity === 'critical') ? 2 : findings.some((f) => f.severity === 'warning') ? 1 : 0;
}

/**
 * A request from the wire, or why it is refused. `verbs` are the commands the daemon answers here: the registry's
 * commands that have a CLI verb (commands/registry.ts); the rest of the chat commands stay in chat.
 */
export function parseRequest(line: string, verbs: readonly string[]): ControlRequest | { error: Phrase } {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return { error: { key: 'control.error.not_json' } };
  }
  const r = data as Partial<ControlRequest> | null;
  const structured =
    !!r &&
    typeof r.command === 'string' &&
    (r.args === undefined || (typeof r.args === 'object' && r.args !== null && !Array.isArray(r.args)));
  if (!r || typeof r !== 'object' || r.v !== PROTOCOL_VERSION || (!structured && typeof r.text !== 'string'))
    return {
      error: {
        key: 'control.error.shape',
        params: { example: `{"v":${PROTOCOL_VERSION},"command":"<command>","args":{…}}` },
      },
    };
  const word = structured ? r.command! : (r.text!.trim().split(/\s+/)[0] ?? '');
  if (!verbs.includes(word))
    return {
      error: {
        key: 'control.error.not_command',
        params: { word: word.slice(0, 40), commands: verbs.join(', ') },
      },
    };
  return structured
    ? { v: r.v, command: word, args: r.args ?? {}, json: r.json === true }
    : { v: r.v, text: r.text!.trim(), json: r.json === true };
}
