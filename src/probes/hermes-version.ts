// Which Hermes is this? Judged from what the home shows (the control socket's identify, the state file's code_version,
// the checkout, `hermes --version`, the files present), never from configuration the user has to get right
// (hermes-gateway-current.md §1, §10). One parser reads every version string the reference quotes, and one comparison
// judges a release range: every check that depends on a version asks these.
import { access, readFile } from '../util/file-calls.js';
import path from 'node:path';
import type { GatewayStateFile, HermesVersion, IdentifyInfo } from '../evidence.js';
import { hostOf, runCommand, type Host } from './host.js';

/** Files whose presence proves a v0.19+ home. */
const CURRENT_FILES = [
  'gateway.sock',
  'gateway.sock.path',
  'gateway_migration.json',
  'gateway-starts.log',
  'fleet_restart_pending',
] as const;

/** A version string read: the release it is, a build past it, a fork's suffix, the release date printed beside it. */
export interface ParsedVersion {
  /** The version as read, without a leading `v` (`0.21.6+122.gcbe5e53`, `0.20.0-cn.5`); a CalVer tag as written. */
  text: string;
  /** [major, minor, patch]; absent when only a date was given (a CalVer tag names a date, not a version). */
  release?: [number, number, number];
  /** `+N.g<sha>`: N commits past the release's tag, at that commit. */
  build?: { commits: number; sha: string };
  /** A fork's own suffix: `cn.5` of `0.20.0-cn.5` (Eynzof/Hermes-CN-Core#154). */
  fork?: string;
  /** The release date `hermes --version` prints (`2026.9.24`): it can lag the version (§10), so it never decides one. */
  date?: string;
  /** `· upstream <sha>` of `hermes --version`. */
  upstream?: string;
}

/** `0.21.6`, `v0.21.6`, `0.21.6+122.gcbe5e53`, `0.20.0-cn.5` (a fork's suffix, and a build either side of it). */
const VERSION =
  /(?<![\w.])v?(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\+(\d+)\.g([0-9a-f]{4,40}))?(?:-([0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*))?(?:\+(\d+)\.g([0-9a-f]{4,40}))?(?![\w.])/;
/** A CalVer date: the release title's `(2026.9.24)`, or a tag `v2026.9.14[.N]`. */
const DATE = /(?<![\w.])v?\(?(20\d\d\.\d{1,2}\.\d{1,2})(?:\.\d+)?\)?(?![\w.])/;
const UPSTREAM = /\bupstream ([0-9a-f]{7,40})\b/;

/**
 * Any version string Hermes or a fork prints (hermes-gateway-current.md §1, §10): `code_version`, a checkout's
 * version, `hermes --version`'s line (`Hermes Agent v0.21.6+122.gcbe5e53 (2026.9.24) · upstream cbe5e53e`).
 * Undefined when it names neither a version nor a date.
 */
export function parseHermesVersion(text: string | null | undefined): ParsedVersion | undefined {
  const s = (text ?? '').trim();
  const v = VERSION.exec(s);
  const d = DATE.exec(s);
  if (!v && !d) return undefined;
  const up = UPSTREAM.exec(s)?.[1];
  if (!v) return { text: s, date: d![1]!, ...(up ? { upstream: up } : {}) };
  const commits = v[4] ?? v[7];
  const sha = v[5] ?? v[8];
  return {
    text: v[0].replace(/^v/, ''),
    release: [Number(v[1]), Number(v[2]), Number(v[3])],
    ...(commits && sha ? { build: { commits: Number(commits), sha } } : {}),
    ...(v[6] ? { fork: v[6] } : {}),
    ...(d ? { date: d[1]! } : {}),
    ...(up ? { upstream: up } : {}),
  };
}

const cmp = (a: readonly number[], b: readonly number[]) => {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
};
const triple = (v: string): [number, number, number] => parseHermesVersion(v)!.release!;

export function versionAtLeast(v: string | undefined, min: [number, number, number]): boolean {
  const p = parseHermesVersion(v)?.release;
  return p ? cmp(p, min) >= 0 : false;
}

/**
 * Whether `version` is a release from `from` to `to` (both included): a build past one (`+N.g<sha>`) and a fork's
 * (`-cn.5`) count as that release. Undefined when it names no version to compare (none, or only a date).
 */
export function releaseIn(version: string | undefined, from: string, to: string): boolean | undefined {
  const p = parseHermesVersion(version)?.release;
  if (!p) return undefined;
  return cmp(p, triple(from)) >= 0 && cmp(p, triple(to)) <= 0;
}

/** What a checkout says: pyproject.toml's version, hermes_cli/__init__.py's release date (§0). */
export interface CheckoutVersion {
  version?: string;
  date?: string;
  /** The checkout read. */
  dir: string;
}

export interface VersionInputs {
  identify?: IdentifyInfo;
  state?: GatewayStateFile | null;
  /** The checkout the gateway runs from (src/probes/hermes-version.ts readCheckoutVersion). */
  checkout?: CheckoutVersion;
  /** `hermes --version`, parsed. */
  cli?: ParsedVersion;
  /** Which of CURRENT_FILES exist in the home. */
  files?: string[];
}

/** Fields only a v0.19+ writer puts in gateway_state.json. */
function hasCurrentFields(s: GatewayStateFile): boolean {
  return (
    s.hermes_home !== undefined ||
    s.code_version !== undefined ||
    s.code_sha !== undefined ||
    s.session_store !== undefined ||
    s.served_profiles !== undefined ||
    Object.values(s.platforms).some((p) => p.writer_pid !== undefined)
  );
}

export function judgeVersion(i: VersionInputs): HermesVersion {
  const files = i.files ?? [];
  // What the running gateway says first: a checkout may be updated while the gateway still runs the code before.
  const sources: [HermesVersion['source'], string | null | undefined][] = [
    ['identify', i.identify?.code_version],
    ['state_file', i.state?.code_version],
    ['checkout', i.checkout?.version],
    ['cli', i.cli?.release ? i.cli.text : undefined],
  ];
  const found = sources.find(([, v]) => v);
  const version = found?.[1] ?? undefined;
  const sha = i.identify?.code_sha ?? i.state?.code_sha ?? undefined;
  const date = found?.[0] === 'checkout' ? i.checkout?.date : found?.[0] === 'cli' ? i.cli?.date : undefined;
  const source: HermesVersion['source'] = found ? found[0] : files.length ? 'files' : 'none';
  let generation: HermesVersion['generation'] = 'unknown';
  if (i.identify || files.length || (i.state && hasCurrentFields(i.state))) generation = 'current';
  else if (i.state) generation = 'legacy';
  if (version && parseHermesVersion(version)?.release)
    generation = versionAtLeast(version, [0, 19, 0]) ? 'current' : 'legacy';
  return {
    ...(version ? { version } : {}),
    ...(sha ? { sha } : {}),
    ...(date ? { date } : {}),
    source,
    generation,
    // The 60-s housekeeping re-stamp is in the later (probably v0.22) sources only: v0.21.3 has the TTL but no tick.
    restampsUpdatedAt: versionAtLeast(version, [0, 22, 0]),
  };
}

/** Which of CURRENT_FILES exist in the home. */
export async function currentFilesIn(home: string): Promise<string[]> {
  const found = await Promise.all(
    CURRENT_FILES.map(async (f): Promise<string | undefined> => {
      try {
        await access(path.join(home, f));
        return f;
      } catch {
        return undefined;
      }
    }),
  );
  return found.filter((f): f is string => f !== undefined);
}

const PYPROJECT_VERSION = /^\s*version\s*=\s*"([^"]+)"/m;
const RELEASE_DATE = /^__release_date__\s*=\s*["']([^"']+)["']/m;
/** Small files: a checkout's pyproject.toml is a few KB. */
const readSmall = (file: string) =>
  readFile(file, 'utf8')
    .then((t) => t.slice(0, 64 * 1024))
    .catch(() => undefined);

/**
 * The version of the first of `dirs` that is a Hermes checkout (a pyproject.toml with a version): Hermes is not on
 * PyPI (#112667), so the checkout it runs from says which it is. Undefined when none is.
 */
export async function readCheckoutVersion(dirs: readonly string[]): Promise<CheckoutVersion | undefined> {
  for (const dir of [...new Set(dirs)]) {
    const project = await readSmall(path.join(dir, 'pyproject.toml'));
    const version = project && PYPROJECT_VERSION.exec(project)?.[1];
    if (!version) continue;
    const init = await readSmall(path.join(dir, 'hermes_cli', '__init__.py'));
    const date = init && RELEASE_DATE.exec(init)?.[1];
    return { version, ...(date ? { date } : {}), dir };
  }
  return undefined;
}

/**
 * Where the checkout a gateway runs from may be: the interpreter's virtualenv sits in it (`<checkout>/venv/bin/python
 * -m hermes_cli.main gateway run`, the units' ExecStart), and the installer puts it at `<home>/hermes-agent`.
 */
export function checkoutDirs(home: string, cmdline: string | undefined): string[] {
  const python = cmdline?.split(' ').find((a) => /\/bin\/python[\d.]*$/.test(a));
  const venv = python ? path.dirname(path.dirname(python)) : undefined;
  return [...(venv ? [path.dirname(venv), venv] : []), path.join(home, 'hermes-agent')];
}

/** How long a `hermes --version` answer (or its failure) is kept: a version changes with an update, not by the minute. */
const CLI_TTL_MS = 60 * 60_000;
const cliAsked = new Map<string, { at: number; got: ParsedVersion | undefined }>();

/**
 * `hermes --version` for this home (`targets[].hermes_cli`, default `hermes`; HERMES_HOME set), parsed: the last of
 * the reference's sources (§10), asked only when identify, the state file and the checkout said nothing, and at most
 * once an hour per home whatever it answered, so no look pays for a process.
 */
export async function readCliVersion(
  argv: readonly string[],
  home: string,
  o: { now: number; host?: Host },
): Promise<ParsedVersion | undefined> {
  const key = `${argv.join('\0')}\0${home}`;
  const kept = cliAsked.get(key);
  if (kept && o.now - kept.at < CLI_TTL_MS && o.now >= kept.at) return kept.got;
  const base = o.host ?? hostOf();
  const r = await runCommand([...argv, '--version'], { ...base, env: { ...base.env, HERMES_HOME: home } }, 10_000);
  const got = r.exitCode === 0 ? parseHermesVersion(r.stdout.split('\n').find((l) => l.trim())) : undefined;
  cliAsked.set(key, { at: o.now, got: got?.release ? got : undefined });
  return cliAsked.get(key)!.got;
}
