// A service folder's `run` (runit's, s6's, daemontools') read the way the shell and the service tools run it, for the
// home of the gateway it starts while that gateway is down. Operators set the gateway's variables in many ways
// (hermes-supervisors.md "runit run files as people write them"): `export HERMES_HOME=…` or `HOME=…` in the script,
// an env folder (`chpst -e ./env`, `envdir ./env`, `s6-envdir`), a prefix (`env HERMES_HOME=… hermes …`), or a user
// whose own `~/.hermes` it is (`chpst -u dev`, `setuidgid dev`, `su - dev -c …`). The script is read, never run.
import path from 'node:path';
import { isGatewayRunArgv, serviceGatewayHome } from '../process.js';
import { readdir } from '../../util/file-calls.js';
import { KiB, readCapped } from '../../util/read-capped.js';
import { homeDirOf } from '../../util/accounts.js';
import { shellWords } from './shell-words.js';

/** What a `run` execs: the gateway's argv, its environment as the script and its tools set it, its user. */
export interface RunLaunch {
  argv: string[];
  env: Record<string, string>;
  /** The user it runs as, where the script switches (a name, or `#<uid>`). */
  user?: string;
}

const ASSIGN = /^([A-Za-z_]\w*)=(.*)$/s;
/** A redirection (`2>&1`, `>/dev/null`, `2>>log`): no word of the command. */
const REDIRECT = /^\d*[<>]/;

/** chpst's options that take a value (runit's chpst(8)); the rest are flags. */
const CHPST_VALUE = new Set(['u', 'U', 'b', 'e', '/', 'n', 'l', 'L', 'm', 'd', 'o', 'p', 'f', 'c', 'r', 't']);

/** The variables of an env folder: a file a variable, its first line; an empty file unsets it (chpst -e, envdir). */
async function envFolder(dir: string, env: Record<string, string>): Promise<void> {
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!/^[A-Za-z_]\w*$/.test(name)) continue;
    const text = await readCapped(path.join(dir, name), 16 * KiB).catch(() => undefined);
    if (text === undefined) continue;
    if (text === '') delete env[name];
    else env[name] = (text.split('\n')[0] ?? '').replace(/[ \t]+$/, '').replaceAll('\0', '\n');
  }
}

interface Walk {
  env: Record<string, string>;
  user?: string;
  cwd: string;
}

/** Takes `VAR=value` words off the front of `w`. */
function assignments(w: string[], s: Walk): string[] {
  while (w.length && ASSIGN.test(w[0]!)) {
    const [, k, v] = ASSIGN.exec(w.shift()!)!;
    s.env[k!] = v!;
  }
  return w;
}

/** The gateway's argv in a command's words, past the tools that set its environment or user, which `s` records. */
async function unwrap(words: string[], s: Walk, depth = 0): Promise<string[] | undefined> {
  let w = assignments(
    words.filter((x) => !REDIRECT.test(x)),
    s,
  );
  while (w.length) {
    const word = w[0]!;
    const tool = path.basename(word);
    w = w.slice(1);
    if (tool === 'exec' || tool === 'with-contenv' || tool === 'nohup') w = assignments(w, s);
    else if (tool === 'env') {
      while (w[0]?.startsWith('-')) {
        const o = w.shift()!;
        if (o === '-i' || o === '-') s.env = {};
        else if (o === '-u') delete s.env[w.shift() ?? ''];
      }
      w = assignments(w, s);
    } else if (tool === 'chpst') {
      while (w[0]?.startsWith('-') && w[0].length > 1) {
        const o = w.shift()!;
        for (let i = 1; i < o.length; i++) {
          if (!CHPST_VALUE.has(o[i]!)) continue;
          const value = o.length > i + 1 ? o.slice(i + 1) : (w.shift() ?? '');
          if (o[i] === 'e') await envFolder(path.resolve(s.cwd, value), s.env);
          if (o[i] === 'u') s.user = userPart(value);
          break;
        }
      }
    } else if (tool === 'envdir' || tool === 's6-envdir') {
      while (w[0]?.startsWith('-')) w.shift();
      const dir = w.shift();
      if (dir) await envFolder(path.resolve(s.cwd, dir), s.env);
    } else if (tool === 'setuidgid' || tool === 's6-setuidgid') {
      s.user = userPart(w.shift() ?? '');
    } else if (tool === 'sudo' || tool === 'runuser') {
      while (w[0]?.startsWith('-') && w[0] !== '--') {
        const o = w.shift()!;
        if (o === '-u' || o === '--user') s.user = w.shift();
        else if (o.startsWith('--user=')) s.user = o.slice(7);
        else if (/^-[gCDhprtTU]$/.test(o)) w.shift();
      }
      if (w[0] === '--') w.shift();
      w = assignments(w, s);
    } else if (tool === 'su') {
      // `su [-] [-s shell] user -c 'command'`: the command is read as its own line, as that user's login.
      let cmd: string | undefined;
      const rest: string[] = [];
      while (w.length) {
        const o = w.shift()!;
        if (o === '-c' || o === '--command') cmd = w.shift();
        else if (o === '-s' || o === '--shell' || o === '-g' || o === '-G') w.shift();
        else if (!o.startsWith('-')) rest.push(o);
      }
      s.user = rest[0] ?? 'root';
      return cmd !== undefined && depth < 3 ? unwrap(shellWords(cmd, s.env), s, depth + 1) : undefined;
    } else if (tool === 'nice' || tool === 'ionice' || tool === 'timeout') {
      while (w[0]?.startsWith('-')) {
        const o = w.shift()!;
        if (/^-[ncp]$/.test(o)) w.shift();
      }
      if (tool === 'timeout') w.shift();
    } else return [word, ...w];
  }
  return undefined;
}

/** `dev`, `dev:dev` and chpst's `:1000:1000` (a numeric uid): the user. */
function userPart(spec: string): string | undefined {
  if (spec.startsWith(':')) return `#${spec.slice(1).split(':')[0]}`;
  return spec.split(':')[0] || undefined;
}

/** What a `run` script execs and with which environment, or undefined where it runs no gateway. */
export async function readRunLaunch(dir: string): Promise<RunLaunch | undefined> {
  const text = await readCapped(path.join(dir, 'run'), 16 * KiB).catch(() => '');
  if (!/\bgateway\b/.test(text)) return undefined;
  const s: Walk = { env: {}, cwd: dir };
  // Continued lines joined; each line's commands apart (`a; b`, `cd x && exec y`).
  for (const line of text.replace(/\\\n/g, ' ').split('\n')) {
    const words = shellWords(line, s.env);
    for (let start = 0; start < words.length; ) {
      let end = start;
      while (end < words.length && !/^[;&|]$/.test(words[end]!)) end++;
      const cmd = words.slice(start, end);
      start = end + 1;
      if (!cmd.length) continue;
      if (cmd[0] === 'export' || cmd[0] === 'readonly') {
        assignments(cmd.slice(1), s);
        continue;
      }
      if (cmd[0] === 'cd' && cmd[1]) {
        s.cwd = path.resolve(s.cwd, cmd[1]);
        continue;
      }
      if (cmd.every((x) => ASSIGN.test(x))) {
        assignments(cmd, s);
        continue;
      }
      const walk = { ...s, env: { ...s.env } };
      const argv = await unwrap(cmd, walk);
      if (argv && isGatewayRunArgv(argv)) return { argv, env: walk.env, ...(walk.user ? { user: walk.user } : {}) };
    }
  }
  return undefined;
}

/**
 * The home whose gateway a service folder's `run` runs (its HERMES_HOME, else `~/.hermes` of the HOME it sets or of
 * the user it runs as, else of `userHome`); undefined when it runs none.
 */
export async function homeOfRun(dir: string, userHome: string): Promise<string | undefined> {
  const launch = await readRunLaunch(dir);
  if (!launch) return undefined;
  const { env } = launch;
  const own = launch.user && !('HOME' in env) ? await homeDirOf(launch.user) : undefined;
  const home = serviceGatewayHome(launch.argv, env, launch.user, own, userHome);
  return home === undefined ? undefined : path.resolve(home);
}
