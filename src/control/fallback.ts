// Where the daemon's lock and control socket go when its state_dir cannot hold them (a full or read-only disk at
// start): a directory of this state_dir's own, that only this user can enter — under $XDG_RUNTIME_DIR (a tmpfs the
// system makes per user) when there is one, else in a 0700 directory of this user in the temp dir. Named by a hash of
// the state_dir, so every daemon and CLI of that state_dir finds the same one.
import { lstatSync, mkdirSync, rmdirSync } from 'node:fs';
import path from 'node:path';
import { runEnv, tmpDir } from '../util/run-env.js';

/** Unix socket paths are limited to ~104 bytes: the socket in here must fit. */
const MAX_SOCKET_PATH = 100;

export function fallbackDir(stateDir: string, env: NodeJS.ProcessEnv = runEnv()): string {
  const name = `state-${fnv1a64(path.resolve(stateDir))}`;
  const xdg = env.XDG_RUNTIME_DIR;
  if (xdg && path.isAbsolute(xdg)) {
    const dir = path.join(xdg, 'gatewatch', name);
    if (Buffer.byteLength(path.join(dir, 'gatewatch.sock')) < MAX_SOCKET_PATH) return dir;
  }
  return path.join(userTmpDir(env), name);
}

/**
 * This user's directory in an environment's temp dir (the socket's and the lock's fallbacks live in it; the daemon's
 * spare socket directory is made beside it): never the world-writable temp dir itself, where another user could bind
 * or plant a name first.
 */
export function userTmpDir(env: NodeJS.ProcessEnv = runEnv()): string {
  return path.join(tmpDir(env), `gatewatch-${process.getuid?.() ?? 'user'}`);
}

/**
 * A name, not a secret: 64-bit FNV-1a of the path's UTF-8 bytes, 16 hex digits. Not node:crypto, which is not in
 * node's start-up snapshot: every CLI run looks here, and a plain `gatewatch check` must stay cheap (footprint test).
 */
export function fnv1a64(s: string): string {
  let h = 0xcbf29ce484222325n;
  for (const b of Buffer.from(s, 'utf8')) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h.toString(16).padStart(16, '0');
}

/** The control socket in the fallback directory, for when the state_dir refuses one (read-only). */
export function fallbackSocketPath(stateDir: string, env: NodeJS.ProcessEnv = runEnv()): string {
  return path.join(fallbackDir(stateDir, env), 'gatewatch.sock');
}

/**
 * Make `dir` and its parent (this user's directory in the temp dir, or `$XDG_RUNTIME_DIR/gatewatch`) 0700 where they
 * are missing, and refuse them unless this user owns them, neither is a symbolic link and nobody else may enter them:
 * another user must not be able to plant our lock or bind our socket first, nor find what we leave. Nothing is made
 * inside a parent that is not this user's alone (a neighbour's 0777 `/tmp/gatewatch-<uid>` gets no `state-<hash>` of
 * ours). Returns the directories it made, parent first: what the daemon removes again when it stops (removeMade).
 */
export function ensurePrivateDir(dir: string, tries = 2): string[] {
  const parent = path.dirname(dir);
  const first = mkdirSync(parent, { recursive: true, mode: 0o700 });
  const made = first ? madeDown(first, parent) : [];
  const outer = notPrivateOne(parent);
  if (outer) throw new Error(refusal(outer));
  try {
    mkdirSync(dir, { mode: 0o700 });
    made.push(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return checked(dir, made);
    removeMade(made);
    // Another daemon of this user removed the parent it had made, just now, as it stopped: make it again.
    if (code === 'ENOENT' && tries > 0) return ensurePrivateDir(dir, tries - 1);
    throw err;
  }
  return checked(dir, made);
}

/** `dir` refused unless it is this user's alone (what was made for it removed again); else what was made. */
function checked(dir: string, made: string[]): string[] {
  const inner = notPrivateOne(dir);
  if (inner) {
    removeMade(made);
    throw new Error(refusal(inner));
  }
  return made;
}

/** The directories from `first` (the first one mkdir -p made) down to `last`, in that order. */
function madeDown(first: string, last: string): string[] {
  const out = [last];
  for (let p = last; p !== first && path.dirname(p) !== p; ) out.unshift((p = path.dirname(p)));
  return out;
}

const refusal = (why: string) => `not private to this user, so not used: ${why}`;

/**
 * Remove the directories ensurePrivateDir made, innermost first, each only while empty: what another process of
 * this user put in one meanwhile keeps it.
 */
export function removeMade(made: readonly string[]): void {
  for (const dir of [...made].reverse()) {
    try {
      rmdirSync(dir);
    } catch {
      // not empty, or gone already
    }
  }
}

/** Why `dir` (or its parent) is not this user's alone; undefined when it is. A missing one is not private either. */
export function notPrivate(dir: string): string | undefined {
  return notPrivateOne(path.dirname(dir)) ?? notPrivateOne(dir);
}

/** Why this one directory is not this user's alone: not its owner, a symbolic link, or open to others (not 0700). */
function notPrivateOne(p: string): string | undefined {
  const uid = process.getuid?.();
  if (uid === undefined) return undefined; // no owners to compare (Windows)
  let st: import('node:fs').Stats;
  try {
    st = lstatSync(p);
  } catch (err) {
    return (err as Error).message;
  }
  if (st.isSymbolicLink()) return `${p} is a symbolic link`;
  if (st.uid !== uid) return `${p} belongs to uid ${st.uid}, not to this user (uid ${uid})`;
  if ((st.mode & 0o077) !== 0) return `${p} is open to other users (mode ${(st.mode & 0o777).toString(8)}, not 700)`;
  return undefined;
}
