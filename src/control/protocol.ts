// The control socket between the daemon and the CLI: one request per connection, newline-delimited JSON.
//   daemon → client   {"daemon":{"v":1,"pid":1234}}\n   at once on connect: a daemon that is alive, not hung
//   client → daemon   {"v":1,"text":"status demo","json":false}\n
//   daemon → client   {"reply":{...Reply}}\n            zero or more, as the command produces them (progress too)
//                     {"check":{"status":"ok","findings":[]}}\n   `check` with json only
//                     {"end":true,"exit":0}\n           always last; `error` says why a request was refused
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Finding, Reply } from '../types.js';

export const PROTOCOL_VERSION = 1;
/** A request is one short command line; anything longer is refused before it is parsed. */
export const MAX_REQUEST_BYTES = 16 * 1024;
/** The CLI commands a daemon answers; the rest of the chat commands stay in chat. */
const CLI_COMMANDS = ['status', 'logs', 'check', 'restart', 'ack', 'mute', 'unmute', 'history', 'doctor', 'test'] as const;

export interface ControlRequest {
  v: number;
  /** The CLI command line without the program name: `status demo`, `logs 30 4009`, `restart demo confirm`, `check`. */
  text: string;
  /** The client prints JSON: `check` then sends its findings instead of text replies. */
  json?: boolean;
}

export interface CheckSummary {
  status: 'ok' | 'warning' | 'critical';
  findings: Finding[];
}

export type ControlLine = { daemon: { v: number; pid: number } } | { reply: Reply } | { check: CheckSummary } | { end: true; exit: number; error?: string };

/** Unix socket paths are limited to ~104 bytes: a deep state_dir gets a short, stable path in the temp dir instead. */
export function socketPath(stateDir: string): string {
  const p = path.join(stateDir, 'gatewatch.sock');
  if (Buffer.byteLength(p) < 100) return p;
  return path.join(os.tmpdir(), `gatewatch-${createHash('sha256').update(path.resolve(stateDir)).digest('hex').slice(0, 16)}.sock`);
}

/**
 * The exit code a command's replies mean: 2 an unknown target, 1 a refusal, a failure or a critical finding, else 0.
 * `check` has its own (0/1/2 by the worst finding).
 */
export function exitCodeFor(replies: Reply[]): number {
  if (replies.some((r) => r.outcome === 'unknown_target')) return 2;
  if (replies.some((r) => r.outcome === 'refused' || r.outcome === 'failed' || r.tone === 'critical')) return 1;
  return 0;
}

export function checkExitCode(findings: Finding[]): number {
  return findings.some((f) => f.severity === 'critical') ? 2 : findings.some((f) => f.severity === 'warning') ? 1 : 0;
}

/** A request from the wire, or why it is refused. */
export function parseRequest(line: string): ControlRequest | { error: string } {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return { error: 'request is not JSON' };
  }
  const r = data as Partial<ControlRequest> | null;
  if (!r || typeof r !== 'object' || r.v !== PROTOCOL_VERSION || typeof r.text !== 'string') return { error: `expected {"v":${PROTOCOL_VERSION},"text":"<command>"}` };
  const word = r.text.trim().split(/\s+/)[0] ?? '';
  if (!(CLI_COMMANDS as readonly string[]).includes(word)) return { error: `"${word.slice(0, 40)}" is not a CLI command (one of: ${CLI_COMMANDS.join(', ')})` };
  return { v: r.v, text: r.text.trim(), json: r.json === true };
}
