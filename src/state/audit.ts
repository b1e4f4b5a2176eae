// state_dir/audit.jsonl: one JSON object per line for every alert, restart and command.
// Best-effort by design: a full or read-only disk must not stop an alert or a command, so a write never throws; a
// record that cannot be written waits in memory (bounded) and is retried, and every failure is counted, logged and
// reported to the state_dir health (which alerts). The file rotates by size, and /history reads it from the end.
import { promises as fs, constants as fsConstants } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { AuditInput, AuditRecord } from '../types.js';
import type { StateDirHealth } from './health.js';
import { redactDeep } from '../util/redact.js';
import type { Clock } from '../util/clock.js';
import { privateDir } from '../util/private-dir.js';

const { O_APPEND, O_CREAT, O_WRONLY, O_NOFOLLOW } = fsConstants;
const APPEND_NO_FOLLOW = O_APPEND | O_CREAT | O_WRONLY | O_NOFOLLOW;

export interface AuditLog {
  /** Resolves once the record is on disk or queued for a retry; never rejects. */
  write(rec: AuditInput): Promise<void>;
  /** The last `limit` records, newest last, read from the end of the file (and the rotated ones) within a byte bound. */
  read(limit?: number): Promise<AuditRecord[]>;
  file: string;
  /** Records waiting in memory for the disk, and failed write attempts since start. */
  stats(): { unwritten: number; failures: number; dropped: number };
}

export interface AuditOptions {
  log?: Logger;
  health?: StateDirHealth;
  /** Rotate when audit.jsonl would grow past this many bytes. */
  maxBytes?: number;
  /** Rotated files kept: audit.jsonl.1 (newest) … audit.jsonl.N. */
  generations?: number;
  /** One record's line is cut to fit this (a huge command text or error detail). */
  maxRecordBytes?: number;
  /** Records kept in memory while the disk refuses them; the oldest go first. */
  maxUnwritten?: number;
  retryMs?: number;
  /** read() looks at no more than this many bytes in all. */
  maxReadBytes?: number;
}

const AUDIT_DEFAULTS = {
  maxBytes: 10 * 1024 * 1024,
  generations: 3,
  maxRecordBytes: 8 * 1024,
  maxUnwritten: 2_000,
  retryMs: 5_000,
  maxReadBytes: 4 * 1024 * 1024,
};

export function createAuditLog(stateDir: string, clock: Clock, o: AuditOptions = {}): AuditLog {
  const now = clock.now;
  const file = path.join(stateDir, 'audit.jsonl');
  const cfg = { ...AUDIT_DEFAULTS, ...o };
  const unwritten: string[] = [];
  let failures = 0;
  let dropped = 0;
  // After a failed append part of a line may be on disk: start the next one on a fresh line (blank lines are skipped).
  let torn = false;
  let retrying = false;
  let chain: Promise<void> = Promise.resolve();

  const rotate = async () => {
    for (let i = cfg.generations - 1; i >= 1; i--)
      await fs.rename(`${file}.${i}`, `${file}.${i + 1}`).catch(() => undefined);
    await fs.rename(file, `${file}.1`);
  };

  const flush = async () => {
    if (unwritten.length === 0) return;
    const n = unwritten.length;
    const droppedBefore = dropped;
    const text = (torn ? '\n' : '') + unwritten.slice(0, n).join('');
    try {
      await privateDir(stateDir);
      const size = await fs.stat(file).then(
        (s) => s.size,
        () => 0,
      );
      if (size > 0 && size + Buffer.byteLength(text) > cfg.maxBytes) {
        await rotate().catch((err) =>
          cfg.log?.warn({ file, err: (err as Error).message }, 'cannot rotate the audit log; appending'),
        );
      }
      // Never through a symbolic link: one planted as audit.jsonl would send the records wherever the daemon can write.
      await fs.appendFile(file, text, { mode: 0o600, flag: APPEND_NO_FOLLOW });
      // Records dropped from the front meanwhile (the cap) were among the n just written.
      unwritten.splice(0, Math.max(0, n - (dropped - droppedBefore)));
      torn = false;
      cfg.health?.report(file);
    } catch (err) {
      failures++;
      torn = true;
      cfg.health?.report(file, err);
      if (!cfg.health)
        cfg.log?.error(
          { file, err: (err as Error).message, unwritten: unwritten.length, failures },
          'cannot write the audit log; retrying',
        );
      if (!retrying) {
        retrying = true;
        clock.timer(() => {
          retrying = false;
          chain = chain.then(flush);
        }, cfg.retryMs);
      }
    }
  };

  return {
    file,
    write(rec) {
      const full = {
        ts: new Date(now()).toISOString(),
        type: rec.type,
        target: rec.target ?? null,
        check: rec.check ?? null,
        severity: rec.severity ?? null,
        actor: rec.actor,
        detail: rec.detail ?? null,
      };
      unwritten.push(capRecord(redactDeep(full) as typeof full, cfg.maxRecordBytes) + '\n');
      if (unwritten.length > cfg.maxUnwritten) {
        const n = unwritten.length - cfg.maxUnwritten;
        unwritten.splice(0, n);
        dropped += n;
        cfg.log?.error({ file, dropped }, 'audit records dropped: the state_dir has refused writes for too long');
      }
      chain = chain.then(flush);
      return chain;
    },
    async read(limit = 1000) {
      const mem = unwritten.slice();
      const disk: string[][] = [];
      let budget = cfg.maxReadBytes;
      for (let g = 0, need = limit + mem.length; g <= cfg.generations && need > 0 && budget > 0; g++) {
        const { lines, bytes } = await tailLines(g === 0 ? file : `${file}.${g}`, need, budget);
        budget -= bytes;
        need -= lines.length;
        disk.push(lines);
      }
      // Records still in memory are newer than anything on disk, except a batch being appended right now: it may be
      // on disk already, and is shown once.
      const appended = new Set(disk[0] ?? []);
      const out: AuditRecord[] = [];
      for (let i = mem.length - 1; i >= 0 && out.length < limit; i--)
        if (!appended.has(mem[i]!.replace(/\n$/, ''))) pushRecord(out, mem[i]!);
      for (const lines of disk)
        for (let i = lines.length - 1; i >= 0 && out.length < limit; i--) pushRecord(out, lines[i]!);
      return out.reverse();
    },
    stats: () => ({ unwritten: unwritten.length, failures, dropped }),
  };
}

/** A record that is not an object with the fields /history shows (a `null` line, a torn line) is skipped. */
function pushRecord(out: AuditRecord[], line: string) {
  if (!line.trim()) return;
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return;
  const r = v as Record<string, unknown>;
  if (typeof r.ts !== 'string' || typeof r.type !== 'string' || typeof r.actor !== 'string') return;
  out.push(r as unknown as AuditRecord);
}

const CHUNK = 64 * 1024;

/** The last `want` complete lines of a file, reading backwards in chunks, never more than `maxBytes`. */
async function tailLines(file: string, want: number, maxBytes: number): Promise<{ lines: string[]; bytes: number }> {
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(file, 'r');
  } catch {
    return { lines: [], bytes: 0 };
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) return { lines: [], bytes: 0 };
    let pos = st.size;
    let bytes = 0;
    const chunks: Buffer[] = [];
    let newlines = 0;
    while (pos > 0 && bytes < maxBytes && newlines <= want) {
      const len = Math.min(CHUNK, pos, maxBytes - bytes);
      pos -= len;
      const buf = Buffer.alloc(len);
      const { bytesRead } = await fh.read(buf, 0, len, pos);
      chunks.unshift(buf.subarray(0, bytesRead));
      bytes += bytesRead;
      for (let i = 0; i < bytesRead; i++) if (buf[i] === 10) newlines++;
    }
    const lines = Buffer.concat(chunks).toString('utf8').split('\n');
    // Unless the read reached the start, the first piece is the tail of a longer line.
    if (pos > 0) lines.shift();
    return { lines: lines.slice(-want - 1), bytes };
  } finally {
    await fh.close();
  }
}

const MAX_FIELD = 200;
const MAX_STRING = 1_000;

/** One line per record, cut to `max` bytes: long strings are shortened first, then the detail is replaced by a preview. */
function capRecord(full: Record<string, unknown>, max: number): string {
  let line = JSON.stringify(full);
  if (Buffer.byteLength(line) <= max) return line;
  const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);
  const shrink = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return cut(v, MAX_STRING);
    if (depth > 4 || typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) return v.slice(0, 50).map((x) => shrink(x, depth + 1));
    return Object.fromEntries(
      Object.entries(v)
        .slice(0, 50)
        .map(([k, x]) => [cut(k, MAX_FIELD), shrink(x, depth + 1)]),
    );
  };
  const small: Record<string, unknown> = { ...full };
  for (const k of ['target', 'check', 'actor'] as const)
    if (typeof small[k] === 'string') small[k] = cut(small[k] as string, MAX_FIELD);
  small.detail = shrink(full.detail, 0);
  line = JSON.stringify(small);
  if (Buffer.byteLength(line) <= max) return line;
  const json = JSON.stringify(full.detail) ?? '';
  small.detail = { truncated: true, bytes: Buffer.byteLength(json), preview: cut(json, Math.floor(max / 4)) };
  return JSON.stringify(small);
}
