// supervisord's configuration as supervisord reads it (./ini.ts): the files of the host's usual places and of each
// running supervisord's `-c`, with what their `[include]` names, and the `[program:x]` sections that run a gateway.
import path from 'node:path';
import type { TargetConfig } from '../../config/schema.js';
import { monotonicMs } from '../../util/clock.js';
import { passwdHomes } from '../../util/accounts.js';
import { readdir, readlink } from '../../util/file-calls.js';
import { KiB, readCapped, readProcText } from '../../util/read-capped.js';
import type { Host } from '../host.js';
import { keptScan } from '../proc-scan.js';
import { isGatewayRunArgv, serviceGatewayHome } from '../process.js';
import { expand, keyValuePairs, parseIni } from './ini.js';
import { shellWords } from './shell-words.js';
import type { Claim } from './types.js';

/**
 * `[program:x]` sections whose command runs the gateway, each with the home it serves (its environment's HERMES_HOME,
 * else `~/.hermes` of its environment's HOME, of its `user=` (supervisord switches the user and nothing of the
 * environment: under systemd, as distributions run it, no HOME, so Hermes' `~` is that user's, `homeOf`; a supervisord
 * started from a root shell would pass /root on, which the files cannot tell), else of `userHome`). `here`: the file's
 * folder, for `%(here)s`.
 */
export function gatewayPrograms(
  text: string,
  userHome: string,
  here = '/',
  homeOf: (user: string) => string | undefined = () => undefined,
): { name: string; home: string }[] {
  const out: { name: string; home: string }[] = [];
  for (const [sec, keys] of parseIni(text)) {
    const name = /^program:(.+)$/.exec(sec)?.[1]?.trim();
    if (!name) continue;
    const argv = shellWords(expand(keys.get('command') ?? '', here));
    if (!isGatewayRunArgv(argv)) continue;
    const env = keyValuePairs(expand(keys.get('environment') ?? '', here));
    const user = keys.get('user')?.trim();
    const own = user && !('HOME' in env) ? homeOf(expand(user, here)) : undefined;
    const home = serviceGatewayHome(argv, env, user, own, userHome);
    if (home) out.push({ name, home: path.resolve(home) });
  }
  return out;
}

/** `[program:x]` sections whose command runs `gateway run` for this home: x. */
export function programsFor(
  text: string,
  home: string,
  userHome: string,
  here = '/',
  homeOf?: (user: string) => string | undefined,
): string[] {
  return gatewayPrograms(text, userHome, here, homeOf)
    .filter((p) => p.home === path.resolve(home))
    .map((p) => p.name);
}

/**
 * The configuration, a group a root file with what its `[include] files=` names (as supervisord reads it): the host's
 * usual places, every `.conf`/`.ini` of their folders (Debian's conf.d, RHEL's supervisord.d), and the file each
 * running supervisord was started with (a hosting panel keeps its own in its own folder).
 */
async function confGroups(host: Host, fresh = false): Promise<ConfFile[][]> {
  const roots: string[] = [];
  for (const p of [...host.supervisorConfs, ...(await runningConfs(fresh))]) {
    const list = await readdir(p).catch(() => undefined);
    if (list) roots.push(...list.filter((f) => /\.(conf|ini)$/.test(f)).map((f) => path.join(p, f)));
    else roots.push(p);
  }
  return Promise.all([...new Set(roots)].map(withIncludes));
}

interface ConfFile {
  file: string;
  text: string;
}

/** A file's text and those of the files it includes, theirs too, a few levels deep, each once. */
async function withIncludes(root: string): Promise<ConfFile[]> {
  const texts = new Map<string, string>();
  for (let depth = 0, todo = [root]; depth < 3 && todo.length; depth++) {
    const read = await Promise.all(todo.map((f) => readCapped(f, 256 * KiB).catch(() => '')));
    todo.forEach((f, i) => texts.set(f, read[i]!));
    const next = (await Promise.all(todo.map((f, i) => includedFiles(f, read[i]!)))).flat();
    todo = [...new Set(next)].filter((f) => !texts.has(f));
  }
  return [...texts].map(([file, text]) => ({ file, text }));
}

const urlOf = (c: ConfFile) => serverUrlOf(c.text, path.dirname(c.file));

/** The running supervisords' files, read once a minute at most: a RUNNING gateway's every look reads its program. */
const RUNNING_TTL_MS = 60_000;
let running: { at: number; files: Promise<string[]> } | undefined;

function runningConfs(fresh: boolean): Promise<string[]> {
  const now = monotonicMs();
  if (fresh || !running || now - running.at > RUNNING_TTL_MS) running = { at: now, files: scanRunningConfs() };
  return running.files;
}

/** supervisord's `-c FILE`, `--configuration FILE` or `--configuration=FILE`. */
function confArg(argv: readonly string[]): string | undefined {
  const i = argv.findIndex((a) => a === '-c' || a === '--configuration');
  const inline = argv.find((a) => a.startsWith('--configuration='))?.slice('--configuration='.length);
  return inline ?? (i >= 0 ? argv[i + 1] : undefined);
}

/** supervisord's scans, kept across looks (proc-scan.ts keptScan): a busy host's scan out of time still finds it. */
const supervisordScan = keptScan(async (pid) => {
  const comm = await readProcText(`/proc/${pid}/comm`, 64).catch(() => '');
  if (!comm.startsWith('supervisord')) return null;
  const file = confArg((await readProcText(`/proc/${pid}/cmdline`, 4 * KiB).catch(() => '')).split('\0'));
  if (!file) return null;
  const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => '/');
  return path.resolve(cwd, file);
}, 2_000);

/** supervisord's `-c FILE` (or `--configuration`) of each running supervisord, read from /proc. */
async function scanRunningConfs(): Promise<string[]> {
  const scan = await supervisordScan();
  return scan.ok ? [...new Set(scan.procs.values())] : [];
}

/** The files `[include] files = a/*.ini b.conf` names, relative to the including file; `*` and `?` in a file's name. */
export async function includedFiles(file: string, text: string): Promise<string[]> {
  const here = path.dirname(file);
  const value = parseIni(text).get('include')?.get('files');
  if (!value) return [];
  const out: string[] = [];
  for (const pattern of expand(value, here).trim().split(/\s+/)) {
    const full = path.resolve(here, pattern);
    const dir = path.dirname(full);
    const base = path.basename(full);
    if (!/[*?]/.test(base)) {
      out.push(full);
      continue;
    }
    const glob = base
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    const re = new RegExp(`^${glob}$`);
    const list = await readdir(dir).catch(() => [] as string[]);
    out.push(...list.filter((f) => re.test(f)).map((f) => path.join(dir, f)));
  }
  return out;
}

/** The `[program:<name>]` section's keys, of whichever file has it. */
function programConf(texts: readonly string[], name: string): Map<string, string> | undefined {
  const bare = name.includes(':') ? name.split(':')[1]! : name;
  for (const t of texts) {
    const keys = t.includes(bare) ? parseIni(t).get(`program:${bare}`) : undefined;
    if (keys) return keys;
  }
  return undefined;
}

/** `[supervisorctl] serverurl=…`, else `unix://` and `[unix_http_server] file=…`. */
export function serverUrlOf(text: string, here = '/'): string | undefined {
  const ini = parseIni(text);
  const url = ini.get('supervisorctl')?.get('serverurl');
  if (url) return expand(url, here);
  const file = ini.get('unix_http_server')?.get('file');
  return file ? `unix://${path.resolve(here, expand(file, here))}` : undefined;
}

/** The program that runs this home, and the server it belongs to, in the host's and the running supervisords' files. */
export async function programServing(target: TargetConfig, host: Host): Promise<Omit<Claim, 'from'> | undefined> {
  // Asked only while the gateway is down and unclaimed: the running supervisords as they are now.
  const groups = await confGroups(host, true);
  // The server a program belongs to: its own configuration's `serverurl`, else the socket it serves; a file read on
  // its own (conf.d's) belongs to the host's.
  const anyUrl = groups.flat().map(urlOf).find(Boolean);
  const homeOf = await passwdHomes();
  for (const group of groups) {
    const name = group
      .map((c) => programsFor(c.text, target.hermes_home, host.homedir, path.dirname(c.file), homeOf)[0])
      .find(Boolean);
    const url = group.map(urlOf).find(Boolean) ?? anyUrl;
    if (name) return { manager: 'supervisord', name, ...(url ? { via: url } : {}) };
  }
  return undefined;
}

/**
 * The program of the supervisord Hermes named as its parent (its command line), that ran this home: one whose command
 * runs it, else, its command a wrapper that names no home, the one program of that supervisord named for Hermes.
 */
export async function programOfSender(
  cmdline: string,
  target: TargetConfig,
  host: Host,
): Promise<Omit<Claim, 'from'> | undefined> {
  // The file it was started with (Debian's unit: `-c /etc/supervisor/supervisord.conf`), else the host's.
  const file = confArg(cmdline.split(/\s+/));
  const groups = file && path.isAbsolute(file) ? [await withIncludes(file)] : await confGroups(host, true);
  const homeOf = await passwdHomes();
  for (const group of groups) {
    const url = group.map(urlOf).find(Boolean);
    const serving = group.flatMap((c) =>
      programsFor(c.text, target.hermes_home, host.homedir, path.dirname(c.file), homeOf),
    );
    const named = group.flatMap((c) => [...parseIni(c.text).keys()]).filter((k) => /^program:.*hermes/i.test(k));
    const name = serving[0] ?? (named.length === 1 ? named[0]!.slice('program:'.length) : undefined);
    if (name) return { manager: 'supervisord', name, ...(url ? { via: url } : {}) };
  }
  return undefined;
}

/**
 * A program's own keys: in the files of the supervisord at `via` first (each of several supervisords may have a
 * program of that name), else in whichever of the host's files has its section.
 */
export async function programKeys(host: Host, name: string, via?: string): Promise<Map<string, string> | undefined> {
  const groups = await confGroups(host);
  const own = via ? groups.filter((g) => g.some((c) => urlOf(c) === via)) : [];
  return programConf(
    [...own, ...groups].flat().map((c) => c.text),
    name,
  );
}

/** The server of the supervisord Hermes named as its parent: the file it was started with, else the host's first. */
export async function serverOfSender(cmdline: string, host: Host): Promise<string | undefined> {
  const file = confArg(cmdline.split(/\s+/));
  const groups = file && path.isAbsolute(file) ? [await withIncludes(file)] : await confGroups(host, true);
  return groups.flat().map(urlOf).find(Boolean);
}
