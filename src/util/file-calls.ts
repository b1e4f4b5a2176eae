// The file system calls that read the world (the probes, the state a look reads, the daemon's lock): node's own, each
// handed to one of libuv's threads and its answer back to the loop, which never waits on a file (the daemon's loop
// carries the chat channels). A process that runs one look and nothing else (a plain `gatewatch check`: its entry says
// so, src/cli-check-in-turn.ts) makes each call in its turn instead: its loop has nothing to do meanwhile, and the
// hand-offs cost more than the reads, some hundred of them a look (/proc, the home's files, the state: 6 ms of a
// check's own work, issue 62). Writes stay node's: a check makes none that counts.
import {
  accessSync,
  closeSync,
  fstatSync,
  lstatSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  statSync,
  statfsSync,
  close,
  fstat,
  open,
  read,
  type Stats,
} from 'node:fs';
import * as fsp from 'node:fs/promises';
import { promisify } from 'node:util';

/** The calls on a file descriptor that read it (read-capped.ts). */
export interface FdCalls {
  open(file: string, flags: number): Promise<number>;
  fstat(fd: number): Promise<Stats>;
  read(fd: number, b: Buffer, at: number, n: number, position: number | null): Promise<number>;
  close(fd: number): Promise<void>;
}

const readFd = promisify(read);

/** Through libuv's threads. */
export const threadedFd: FdCalls = {
  open: promisify(open),
  fstat: promisify(fstat),
  read: (fd, b, at, n, position) => readFd(fd, b, at, n, position).then((r) => r.bytesRead),
  close: promisify(close),
};

/** Each call made in this turn; a throw is the promise's rejection, as through the threads. */
export const inTurnFd: FdCalls = {
  open: async (file, flags) => openSync(file, flags),
  fstat: async (fd) => fstatSync(fd),
  read: async (fd, b, at, n, position) => readSync(fd, b, at, n, position),
  close: async (fd) => closeSync(fd),
};

/** The path calls, with node's fs/promises signatures. */
export interface PathCalls {
  access: typeof fsp.access;
  lstat: typeof fsp.lstat;
  readFile: typeof fsp.readFile;
  readdir: typeof fsp.readdir;
  readlink: typeof fsp.readlink;
  realpath: typeof fsp.realpath;
  stat: typeof fsp.stat;
  statfs: typeof fsp.statfs;
}

export const threadedPaths: PathCalls = {
  access: fsp.access,
  lstat: fsp.lstat,
  readFile: fsp.readFile,
  readdir: fsp.readdir,
  readlink: fsp.readlink,
  realpath: fsp.realpath,
  stat: fsp.stat,
  statfs: fsp.statfs,
};

/** `f` called in this turn, a throw the promise's rejection; each keeps its own overloads through the casts below. */
// biome-ignore lint/suspicious/noExplicitAny: any sync call of node:fs, whatever its parameters.
function now(f: (...a: any[]) => unknown) {
  return async (...a: unknown[]) => f(...a);
}

/**
 * The same calls in this turn. An AbortSignal in the options (fs/promises' readFile takes one) has nothing to abort: the
 * read is over before anyone could.
 */
export const inTurnPaths: PathCalls = {
  access: now(accessSync) as PathCalls['access'],
  lstat: now(lstatSync) as PathCalls['lstat'],
  readFile: now(readFileSync) as PathCalls['readFile'],
  readdir: now(readdirSync) as PathCalls['readdir'],
  readlink: now(readlinkSync) as PathCalls['readlink'],
  // The C library's, as fs/promises' is: realpathSync alone is node's own walk in JavaScript.
  realpath: now(realpathSync.native) as PathCalls['realpath'],
  stat: now(statSync) as PathCalls['stat'],
  statfs: now(statfsSync) as PathCalls['statfs'],
};

let inTurn = false;

/** From now on, this process makes every call here in its turn (a one-look process: see above). */
export function callFilesInTurn(): void {
  inTurn = true;
}

/** The descriptor calls of this process. */
export const fdCalls = (): FdCalls => (inTurn ? inTurnFd : threadedFd);

const paths = (): PathCalls => (inTurn ? inTurnPaths : threadedPaths);
export const access: PathCalls['access'] = (...a) => paths().access(...a);
export const lstat = ((...a: Parameters<PathCalls['lstat']>) => paths().lstat(...a)) as PathCalls['lstat'];
export const readFile = ((...a: Parameters<PathCalls['readFile']>) => paths().readFile(...a)) as PathCalls['readFile'];
export const readdir = ((...a: Parameters<PathCalls['readdir']>) => paths().readdir(...a)) as PathCalls['readdir'];
export const readlink = ((...a: Parameters<PathCalls['readlink']>) => paths().readlink(...a)) as PathCalls['readlink'];
export const realpath = ((...a: Parameters<PathCalls['realpath']>) => paths().realpath(...a)) as PathCalls['realpath'];
export const stat = ((...a: Parameters<PathCalls['stat']>) => paths().stat(...a)) as PathCalls['stat'];
export const statfs = ((...a: Parameters<PathCalls['statfs']>) => paths().statfs(...a)) as PathCalls['statfs'];
