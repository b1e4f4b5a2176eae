// The images a Dockerfile builds FROM, made from this host, for an engine that reaches no registry (the private dockerd
// of test/helpers/hermes-container.ts): tagged as the Dockerfile names them, so that the Dockerfile itself is built
// unchanged.
// - `node:*`: a Debian root filesystem of this host's own packages (those Debian marks required or essential, what
//   debian:*-slim holds, and what they and node need), without their docs, with this host's node and npm in
//   /usr/local as the official node images lay them out. npm there reads this host's npm cache, offline: `npm ci`
//   inside the build needs no registry (the build runs with no network at all).
// - `docker:*-cli`: this host's docker CLI at /usr/local/bin/docker, where the official image has its own.
import { execFile } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], o: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Ran> {
  return new Promise((resolve) =>
    execFile(
      cmd,
      args,
      { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: o.timeoutMs ?? 300_000, env: o.env ?? process.env },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr: stderr || '' }),
    ),
  );
}

async function must(cmd: string, args: string[], o?: { env?: NodeJS.ProcessEnv; timeoutMs?: number }) {
  const r = await run(cmd, args, o);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}: ${(r.stderr || r.stdout).trim()}`);
  return r.stdout;
}

/** The images a Dockerfile's FROM lines name, its own stages left out, in their order. */
export function baseImagesOf(dockerfile: string): string[] {
  const stages = new Set<string>();
  const images: string[] = [];
  for (const line of readFileSync(dockerfile, 'utf8').split('\n')) {
    const m = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?\s*$/i.exec(line.trim());
    if (!m) continue;
    const [, from, as] = m;
    if (!stages.has(from!) && !images.includes(from!)) images.push(from!);
    if (as) stages.add(as);
  }
  return images;
}

/** Makes `name` in the engine `docker` (a command that speaks to it) from this host: see the header. */
export async function importHostImage(docker: string, name: string): Promise<void> {
  const stage = mkdtempSync(path.join(os.tmpdir(), 'gw-host-image-'));
  try {
    let members: Members;
    if (/^node:/.test(name)) members = await nodeRootfs(stage);
    else if (/^docker:.*cli/.test(name)) members = dockerCliRootfs(stage);
    else throw new Error(`no way to make ${name} from this host`);
    const lists = members.map((m, i) => {
      const f = path.join(stage, `.members-${i}`);
      writeFileSync(f, `${m.list.join('\n')}\n`);
      // GNU tar's --recursion is positional: each group says its own.
      return [m.whole ? '--recursion' : '--no-recursion', '-C', m.dir, '-T', f];
    });
    // One tar stream: the generated files first (the merged-/usr links before anything under them), then the host's;
    // the npm cache goes under root/.npm.
    const tar = ['tar', '--transform=s,^_cacache,root/.npm/_cacache,', '-cf', '-', ...lists.flat()].map(shq).join(' ');
    await must('sh', ['-c', `${tar} | ${shq(docker)} import - ${shq(name)} >/dev/null`], { timeoutMs: 300_000 });
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** Groups of tar members: paths relative to `dir`, whole trees where `whole`. */
type Members = { dir: string; list: string[]; whole?: boolean }[];

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function dockerCliRootfs(stage: string): Members {
  const cli = whichDockerCli();
  const dir = path.join(stage, 'root');
  mkdirSync(path.join(dir, 'usr/local/bin'), { recursive: true });
  copyFileSync(cli, path.join(dir, 'usr/local/bin/docker'));
  chmodSync(path.join(dir, 'usr/local/bin/docker'), 0o755);
  return [{ dir, list: ['usr', 'usr/local', 'usr/local/bin', 'usr/local/bin/docker'] }];
}

/** The real docker CLI (never a rig's wrapper in its bin/). */
function whichDockerCli(): string {
  for (const d of (process.env.PATH ?? '').split(':').concat(['/usr/local/bin', '/usr/bin'])) {
    if (!d || d.includes('gw-hermes-rig-')) continue;
    const p = path.join(d, 'docker');
    if (existsSync(p) && lstatSync(realpathSync(p)).isFile()) return realpathSync(p);
  }
  throw new Error('no docker CLI on this host');
}

// ---------------------------------------------------------------------------------------------------------------
// node:*

/** What slim images leave out. */
const DROPPED = /^\/usr\/share\/(doc|man|info|locale|lintian|linda|bug)\//;

interface Pkg {
  name: string;
  base: boolean;
  deps: string[][];
}

/** The installed packages (name without its :arch), each with its Pre-Depends and Depends as lists of alternatives. */
async function installedPackages(): Promise<Map<string, Pkg>> {
  const out = await must('dpkg-query', [
    '-W',
    '-f=${binary:Package}\t${db:Status-Status}\t${Priority}\t${Essential}\t${Pre-Depends}, ${Depends}\n',
  ]);
  const pkgs = new Map<string, Pkg>();
  for (const line of out.split('\n')) {
    const [full, status, priority, essential, deps = ''] = line.split('\t');
    if (!full || status !== 'installed') continue;
    const name = full.replace(/:.*/, '');
    const alternatives = deps
      .split(',')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => d.split('|').map((a) => a.trim().replace(/[\s(:].*$/, '')));
    pkgs.set(name, { name, base: priority === 'required' || essential === 'yes', deps: alternatives });
  }
  return pkgs;
}

/** The package owning each of node's shared libraries. */
async function nodeLibraryPackages(node: string): Promise<string[]> {
  const libs = [...(await must('ldd', [node])).matchAll(/=>\s*(\/\S+)/g)].map((m) => m[1]!);
  const owners = await run('dpkg-query', ['-S', ...libs.map((l) => realpathSync(l)), ...libs]);
  return [...owners.stdout.matchAll(/^([^:,\s]+)(?::[^:\s]+)?(?:, [^:]+)?: /gm)].map((m) => m[1]!);
}

async function nodeRootfs(stage: string): Promise<Members> {
  const node = realpathSync(process.execPath);
  const pkgs = await installedPackages();
  const wanted = new Set<string>();
  const want = (n: string) => {
    const p = pkgs.get(n);
    if (!p || wanted.has(n)) return;
    wanted.add(n);
    for (const alts of p.deps) {
      const have = alts.find((a) => pkgs.has(a));
      if (have) want(have);
    }
  };
  for (const p of pkgs.values()) if (p.base) want(p.name);
  for (const n of await nodeLibraryPackages(node)) want(n);

  const listed = await must('dpkg-query', ['-L', ...wanted]);
  const canonical = new Map<string, string>();
  const canon = (p: string) => {
    const dir = path.dirname(p);
    let real = canonical.get(dir);
    if (real === undefined) {
      real = existsSync(dir) ? realpathSync(dir) : '';
      canonical.set(dir, real);
    }
    return real ? path.join(real, path.basename(p)) : '';
  };
  const files = new Set<string>();
  const add = (p: string) => {
    const c = canon(p);
    if (!c || c === '/' || DROPPED.test(`${c}/`) || files.has(c)) return;
    let st: ReturnType<typeof lstatSync>;
    try {
      st = lstatSync(c);
    } catch {
      return;
    }
    // Parents first, so that tar lays them with their own modes.
    if (path.dirname(c) !== '/') add(path.dirname(c));
    files.add(c);
    if (st.isSymbolicLink()) {
      const to = path.resolve(path.dirname(c), readlinkSync(c));
      if (to.startsWith('/etc/alternatives/')) add(to);
    }
  };
  for (const line of listed.split('\n')) if (line.startsWith('/')) add(line.trim());

  // What Debian's image makes rather than ships, and node in /usr/local as the official images have it.
  const gen = path.join(stage, 'gen');
  mkdirSync(gen);
  const genList: string[] = [];
  const dirOf = (rel: string, mode = 0o755) => {
    mkdirSync(path.join(gen, rel), { recursive: true });
    chmodSync(path.join(gen, rel), mode);
    genList.push(rel);
  };
  const fileOf = (rel: string, text: string, mode = 0o644) => {
    writeFileSync(path.join(gen, rel), text, { mode });
    chmodSync(path.join(gen, rel), mode);
    genList.push(rel);
  };
  for (const l of ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32']) {
    try {
      symlinkSync(readlinkSync(`/${l}`), path.join(gen, l));
      genList.push(l);
    } catch {
      // not a link on this host
    }
  }
  for (const d of ['etc', 'home', 'opt', 'var', 'var/tmp', 'usr', 'usr/local', 'usr/local/bin', 'usr/local/etc'])
    dirOf(d);
  dirOf('tmp', 0o1777);
  chmodSync(path.join(gen, 'var/tmp'), 0o1777);
  dirOf('root', 0o700);
  const passwd = readFileSync('/usr/share/base-passwd/passwd.master', 'utf8');
  const group = readFileSync('/usr/share/base-passwd/group.master', 'utf8');
  const names = (t: string) =>
    t
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(':')[0]!);
  fileOf('etc/passwd', passwd);
  fileOf('etc/group', group);
  fileOf(
    'etc/shadow',
    names(passwd)
      .map((n) => `${n}:*:19000:0:99999:7:::\n`)
      .join(''),
    0o640,
  );
  fileOf(
    'etc/gshadow',
    names(group)
      .map((n) => `${n}:*::\n`)
      .join(''),
    0o640,
  );
  fileOf('etc/nsswitch.conf', 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n');
  copyFileSync(node, path.join(gen, 'usr/local/bin/node'));
  genList.push('usr/local/bin/node');
  const npm = path.dirname(
    path.dirname(realpathSync(await must('sh', ['-c', 'command -v npm']).then((s) => s.trim()))),
  );
  cpSync(npm, path.join(gen, 'usr/local/lib/node_modules/npm'), { recursive: true, verbatimSymlinks: true });
  genList.push('usr/local/lib', 'usr/local/lib/node_modules');
  for (const [bin, cli] of [
    ['npm', 'npm-cli.js'],
    ['npx', 'npx-cli.js'],
  ]) {
    symlinkSync(`../lib/node_modules/npm/bin/${cli}`, path.join(gen, 'usr/local/bin', bin!));
    genList.push(`usr/local/bin/${bin}`);
  }
  // npm's global config ($PREFIX/etc/npmrc): this host's cache, never the network.
  fileOf('usr/local/etc/npmrc', 'cache=/root/.npm\noffline=true\naudit=false\nfund=false\nupdate-notifier=false\n');
  const cache = (await must('npm', ['config', 'get', 'cache'])).trim();
  const members: Members = [
    { dir: gen, list: genList },
    // Each path once: Docker refuses a tar that holds one twice.
    { dir: '/', list: [...files].map((f) => f.slice(1)).filter((f) => !genList.includes(f)) },
    { dir: gen, list: ['usr/local/lib/node_modules/npm'], whole: true },
  ];
  if (existsSync(path.join(cache, '_cacache'))) members.push({ dir: cache, list: ['_cacache'], whole: true });
  return members;
}
