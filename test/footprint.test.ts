// Cold start: a cron-run `gatewatch check` must load only what it uses (issue 12: ≤ 1.6 × a bare node). The built
// CLI (dist/, bundled by scripts/bundle.mjs) runs for real, with a module hook that records every file node loads
// (ES modules through a resolve hook, CommonJS through the require cache), so a heavy import that creeps back into
// the check path fails here, not only in `npm run bench`.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from './helpers/paths.js';
import { idleGatewayHome } from './helpers/live-gateway.js';
import { HERMES_PLATFORMS } from '../src/platforms/index.js';
import { chatPlugins, notifierPlugins } from '../src/channels/plugins.js';
import { qqOutageHome } from './helpers/hermes-homes.js';
import { cleanup } from './helpers/probe-procs.js';
import { startFakeQQ } from './fakes/qq-server.js';

const ROOT = path.join(import.meta.dirname, '..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'gw-footprint-'));

// Hooks run on their own thread in Node 20: each resolved URL is appended to the trace file.
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function resolve(spec, ctx, next) { const r = await next(spec, ctx); appendFileSync(process.env.GW_TRACE, r.url + '\\n'); return r; }\n`;
// The require cache at exit: the CommonJS packages loaded (pino and re2js are required, not imported, when used).
const REGISTER = `import { register, createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';
register(${JSON.stringify(new URL(`file://${path.join(tmp, 'hooks.mjs')}`).href)});
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => appendFileSync(process.env.GW_TRACE, [...Object.keys(cache), ...process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => 'builtin:' + m.slice(13))].join('\\n') + '\\n'));\n`;

/** Files a CLI run loaded: absolute paths (file: URLs and require-cache keys), node: builtins apart (`crypto` …). */
async function traced(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string; files: string[]; builtins: string[] }> {
  const trace = path.join(tmp, `trace-${Math.random().toString(36).slice(2)}`);
  writeFileSync(trace, '');
  const child = spawn(process.execPath, ['--import', path.join(tmp, 'register.mjs'), CLI, ...args], {
    env: { ...process.env, GATEWATCH_CONFIG: '', GW_TRACE: trace, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  const lines = readFileSync(trace, 'utf8').split('\n');
  const files = [...new Set(lines.filter((l) => l.startsWith('file:') || l.startsWith('/')))].map((l) =>
    l.startsWith('file:') ? fileURLToPath(l) : l,
  );
  const builtins = [...new Set(lines.filter((l) => l.startsWith('builtin:')).map((l) => l.slice('builtin:'.length)))];
  return { code, out, files, builtins };
}

/**
 * A healthy check run with a CommonJS preload (`source`, which may call write(text)): its exit code and what it wrote.
 * `entry`: the executable, dist/src/cli.js unless package.json's bin.
 */
async function preloaded(source: string, entry = CLI): Promise<{ code: number | null; said: string }> {
  const id = Math.random().toString(36).slice(2);
  const file = path.join(tmp, `preload-${id}.cjs`);
  const said = path.join(tmp, `said-${id}`);
  writeFileSync(
    file,
    `const write = (text) => require('fs').writeFileSync(${JSON.stringify(said)}, text);\n${source}\n`,
  );
  writeFileSync(said, '');
  const child = spawn(process.execPath, ['--require', file, entry, 'check', '--config', config], {
    env: { ...process.env, GATEWATCH_CONFIG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.resume();
  child.stderr.resume();
  const code = await new Promise<number | null>((r) => child.on('close', r));
  return { code, said: readFileSync(said, 'utf8') };
}

/**
 * node's own modules a healthy check loaded, by a --require preload (the module hooks above start a thread that loads
 * node:net itself); stdout and stderr are pipes, as under cron.
 */
async function healthyBuiltins(): Promise<string[]> {
  const r = await preloaded(
    `process.on('exit', () => write(process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)).join(',')));`,
  );
  expect(r.code).toBe(0);
  const builtins = r.said.split(',');
  expect(builtins).toContain('fs');
  return builtins;
}

let gateway: ReturnType<typeof spawn> | undefined;
let config = '';

beforeAll(() => {
  writeFileSync(path.join(tmp, 'hooks.mjs'), HOOKS);
  writeFileSync(path.join(tmp, 'register.mjs'), REGISTER);
  // A healthy Hermes home: a live `… gateway run` serving it, both platforms connected, a quiet recent log.
  const home = path.join(tmp, 'hermes');
  const ts = new Date(Date.now() - 5_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${ts.getFullYear()}-${p(ts.getMonth() + 1)}-${p(ts.getDate())} ${p(ts.getHours())}:${p(ts.getMinutes())}:${p(ts.getSeconds())},${p(ts.getMilliseconds(), 3)}`;
  gateway = idleGatewayHome(home, `${stamp} INFO gateway.run: Press Ctrl+C to stop\nwhatever 4009 here\n`);
  config = path.join(tmp, 'gatewatch.yaml');
  writeFileSync(
    config,
    `state_dir: ${path.join(tmp, 'state')}\ntargets:\n  - { name: cold, hermes_home: ${home}, platforms: [feishu, qqbot], service: { manager: none } }\n`,
  );
});

afterAll(() => gateway?.kill('SIGKILL'));

const HEAVY = [
  'pino',
  're2js',
  'prom-client',
  '@larksuiteoapi',
  'grammy',
  'ws',
  'nodemailer',
  'execa',
  'commander/typings',
];
const heavyIn = (files: string[]) =>
  HEAVY.filter((m) => files.some((f) => f.includes(`${path.sep}node_modules${path.sep}${m}${path.sep}`)));

describe('what `gatewatch check` loads', () => {
  it('a healthy check loads no chat SDK, no logger, no metrics, no regex engine, no chat commands, no catalogue, and under its budget of our JavaScript', async () => {
    const r = await traced(['check', '--config', config]);
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
    expect(heavyIn(r.files)).toEqual([]);
    const dist = r.files.filter((f) => f.startsWith(path.join(ROOT, 'dist')));
    // Two files: the executable and check's own bundle (scripts/bundle.mjs). Each more module costs node a resolve, a
    // read and a compile; two dozen shared chunks took a third of check's start-up.
    expect(dist.map((f) => path.basename(f)).sort()).toEqual(['bundle-check.cjs', 'cli.js']);
    // Per-command chunks are named after their module: the chat channels, the metrics, the installer, the commands.
    expect(
      dist
        .map((f) => path.basename(f))
        .filter((f) => /^bundle-(qq|feishu|telegram|metrics|http|install|commands|server)-/.test(f)),
    ).toEqual([]);
    // The bundle's size is what costs start-up time (node compiles all of it): a whole-library import (e.g.
    // `import { z } from 'zod'`, every locale) takes this over the budget, and it bounds the creep of modules check
    // does not run. About 700 KB today (identifiers minified; both catalogues apart, see below): the Hermes
    // platforms' registry (their rules, words, lines and demo faults, registered as it loads) and each channel
    // plugin's example config are in it (issue 45), and issue 44's long tail (Photon's and Google Chat's folders with
    // both locales of their words, as every platform's), and "us or them" (issue 44: the verdict, its probes of the
    // egress host and the fleet, which a one-shot check runs too), and each chat channel's question to its platform
    // (issue 50 item 3: QQ's token and gateway URL, Feishu's tenant token, Telegram's getMe; 6 KB, run only where a
    // platform fails). It was 850 KB with the English catalogue in it.
    // The budget follows the registries: each platform or channel plugin added (one folder or file and one line, issue
    // 45) brings its rules, words and example config into check, and takes the budget up by what one of its kind
    // weighs here at most (a platform 6.8 KB, a notifier 3 KB, a chat channel 9.3 KB today); what the budget bounds is
    // everything else. Issues 50 and 51 took it from 710 KB (a build of 704 KB) to 732 KB (a build of 730 KB): the
    // error classifier and the log's "us or them", the cold trends (Hermes' [MEMORY] peaks, a runaway log's first line,
    // QQ's 4009 climb), the own bots' questions, every finding naming its platform (removed platforms, refused starts)
    // and one decision per alert (the restart policy's budget record), 25.6 KB together. Issue 55 took it to 747 KB:
    // the one list of the platforms' names in both locales and their wording (a phone says QQ, not qqbot), zod's type
    // names worded in Chinese, a system error said in words (4 KB); the one-shot app judging as the daemon does, with
    // the hand-over of an outage that goes on, the recovery's words of who brought it back and the write-up each
    // incident keeps (10.4 KB). Issue 54 to 766 KB: the one table that gives every line its platform (an adapter's or a
    // library's logger, a tag, a host), the reader of every log beside gateway.log, the rule for a platform that keeps
    // failing, the disk asked itself, a log's pace by its own stamps, who holds a port (the host asked), and their words
    // in both locales: 17 KB together. Issue 56 to 768 KB: the executable's own way into a plain `run`, and
    // which lines are news to the live path (line-news), 1.2 KB. Issue 63 to 784 KB: where a gateway runs (a
    // container's pid and home through its namespaces and mounts, the container and its s6 slot asked through the
    // runtime, its cgroup's OOM kills, how a gateway nothing supervises was started, and the container_slot cause and
    // its lever's words), 14 KB: a check of any home may find it in a container. Issue 60 to 808 KB: a rate said as a
    // rate (closes an hour, one every so many seconds), a log's pace across its rotated copies, its birth for a log
    // whose lines carry no time, and who writes it (the host asked), 3.9 KB; a filesystem unwritable with bytes to
    // spare (the mount table read whole, each place Hermes writes on its mount, read-only or out of inodes), 7.5 KB;
    // an install missing a module (its kind, its finding wherever its line lies), the HTTP client's own lines (a
    // status read by kind, a 409 and an unreadable answer as kinds, one record a slot), a log read across its
    // rollover, and an unknown config key answered with the key it was meant to be (fastest-levenshtein), 8.5 KB.
    // Issues 61 and 62 to 816 KB: a new cause its own incident and a verified restart naming what it brought back, where
    // a check's time goes (GATEWATCH_DEBUG steps) and one look for every target, read-only as the gateway's own mount
    // table says, 4.2 KB. Then down to 739 KB: zod's mini build in place of its classic one (66 KB), and node:path
    // taken once instead of copied by each of the seventy files that import it (2.6 KB). Issue 75 to 790 KB: one
    // adapter per supervisor (pm2, supervisord, runit beside systemd, launchd, the image's s6 and none), each reading
    // its own files and words, the live gateway's ancestry, and what a supervisor's give-up and loop say. Issues 75 and
    // 77 to 805 KB: Docker's own stops read from its events and its restart policy's give-up, one pull of a
    // container's lever across daemons, every incident's close said in the audit, a platform down before a death
    // said in the death's alert (10 KB). Issue 82 to 815 KB: each supervisor's files read as its own tools read them
    // (a runit or s6 `run` with its env folder, chpst, su or env; supervisord's files as its ini parser reads them;
    // a unit of any name found by its ExecStart), Hermes' Shutdown context naming the supervisor of a gateway that
    // is down, and svlogd's stamps counting a loop runit keeps no count of (8.6 KB); then to 819 KB: a death the
    // supervisor repairs, said before its next life has started, Podman's stops and boot, and a loop a container's
    // policy restarts forever (3.6 KB); then to 827 KB: a Kubernetes pod's gateway seen from its node (its cgroup, the
    // CRI's words through crictl, the kubelet's restarts and back-off, its lever on the node and kubectl's), 7.6 KB;
    // to 828 KB: a Quadlet unit's container read as its unit's (its payload's cgroup, its `.container` file), 0.8 KB;
    // to 829 KB: a gateway its operator stopped said when something else starts it, and a sidecar's /opt/data (0.6 KB);
    // to 830 KB: Podman's stop told by the gateway's own last words, `podman restart` by its event, and the policy
    // podman-restart.service starts at boot (0.6 KB); to 831 KB: a target's `restart: false` on every line that words
    // the lever, and its refusal in the restart gate (0.6 KB); to 832 KB: a Quadlet unit of the s6 image read by its
    // gateway's parent, and a read-only sidecar's kill held for the next life the image's s6 starts (0.2 KB); issue 80
    // and 82 to 834 KB: a rootless Podman container read by its conmon and said as its user's, the home said as the
    // path a person pastes, and `alerts.on_start` (1.4 KB); to 835 KB: the container's own health check, read from the
    // runtime's inspect and said when it fails while the gateway runs (0.9 KB); issue 81 to 836 KB: each check's
    // meaning declared with its detector (the sets built from the declarations) and each supervisor's init keys and
    // words in its adapter, s6's among them (0.9 KB); to 839 KB: where each supervisor's live daemon keeps its programs
    // and pm2's app list read by its adapter for init (its other files' readers are loaded by init alone), 2.5 KB; to
    // 840 KB: Hermes' issue numbers linked where the dialect has links, and Podman's --health-on-failure said (0.3 KB);
    // to 842 KB: a container the image refuses as it is set up (a pinned user, a read-only root, another PID 1) said as
    // the setting to change, and a loop of the whole container its policy restarts forever read for the s6 image and
    // for Podman, which has no `restarting` (1.4 KB); to 843 KB: a container its own health check ended (Podman's
    // --health-on-failure), said as the check's doing (0.4 KB); to 844 KB: a paused container said as its pause, what
    // its frozen gateway shows held (0.5 KB); to 845 KB: supervisord's `Not started` and an s6 `down` file at boot, a
    // runit or s6 service taken out of its scanner's folder read as the operator's stop (0.9 KB); to 846 KB: a
    // supervisord program taken out of its files (`supervisorctl update`) read the same way (0.7 KB); to 847 KB: a
    // container its runtime no longer has said removed, the operator's or a death, its lever none (1.2 KB); to 849 KB:
    // under auto the runtime that holds a home's container asked where both are installed, a stopped or recreated
    // container found by its mount (Hermes' own, then a running one, then the last to run, across both runtimes), and
    // Compose's own start said with its folder (1.5 KB). Then down to 802 KB (issue 81): each platform's words a file
    // of their own, loaded when a check first words one of their texts (48 KB), and a gateway with no HOME read as its
    // user's (0.4 KB); to 803 KB: QQ's folder, each platform's own checks and their words registered by the platform
    // (its words' stand-in, the helpers that hold its own keys to its words: 0.8 KB); to 804 KB: what init says of a
    // container (its words, its keys) and what gatewatch can do through one, said by the container adapters (0.4 KB);
    // to 805.4 KB: a supervisor's loop less the deaths an operator asked for (s6's tally, a host's or a container's,
    // read against the log's stops; a give-up or a stop asked of pm2 or supervisord ending a count: 1.3 KB); to 806.9 KB:
    // a gateway's lines read in its own time zone, told by its log's last record, the traceback after it and its last
    // write, update.log's start in the same zone (1.4 KB); to 807.1 KB: the lark SDK's stdout line read as a record, and
    // s6's and runit's unanswered counts said (0.2 KB); to 807.3 KB: node:v8 loaded where the daemon first collects its
    // garbage, not as a check starts (its module loads node's streams: 0.2 KB); to 807.6 KB: what a finding explains
    // and what stands while the gateway is down declared with each check, applied in one pass (0.3 KB); to 808.0 KB:
    // the crash loops and the waits under way declared likewise, their meanings read from one module (0.4 KB); to
    // 808.2 KB: Docker's and Podman's differences each in its runtime's dialect, asked through one lookup (0.2 KB); to
    // 808.4 KB: a finding kind taken in after the table (registerDetectors), each role's set kept whole (0.1 KB); to
    // 810.0 KB: pm2's app list asked of its daemon's socket, never through a CLI that starts one (1.5 KB); to 811.4 KB:
    // the daemon's wait on each watched gateway's lock, which its death lets go (1.3 KB: the daemon's watch is check's);
    // to 811.8 KB: the detectors' verdict beside their findings, each part read when first asked (0.3 KB); to 812.2 KB:
    // a gateway's lock waited on only once /proc/locks (read whole) says it holds it, and a wait not granted told apart
    // (0.4 KB); to 812.6 KB: pm2's socket asked only where it is a socket its daemon's user owns (0.3 KB); to 812.7 KB:
    // s6-svscan's scan folder read by init as runsvdir's is (0.1 KB); to 813.0 KB: the executable's way into every
    // other command's one bundle (0.2 KB); to 813.3 KB: the executable picks the service's daemon's own code cache and
    // sets that daemon's V8 flags before its bundle loads, and runs bundles through the module the demo's scripts share
    // (0.3 KB); to 813.5 KB: a give-up read against the start of each life the look met, and a young life only the scan
    // found kept in its loop (0.2 KB); to 813.6 KB: a service run as a user the host does not list serves no home
    // (0.1 KB); to 813.8 KB: systemd's give-up dated by when its unit entered `failed` (0.2 KB); to 814.3 KB: a stopped
    // gateway's container named by its slot's s6-supervise, no runtime asked (0.4 KB); to 814.7 KB: that supervisor kept
    // while it lives, and a profile's folder mounted by itself found as the default slot it runs (0.3 KB); to 815.1 KB:
    // a container's record mapped to the process that serves its home, of two alike (0.4 KB); to 815.3 KB: one whose
    // mounts do not tell taken only where none serves it, and a dead gateway's twin never it (0.1 KB); to 815.8 KB: the
    // redactor's case-blind patterns of the secret words tested only on text that holds a piece of one, and a plugin's
    // secret key told a secret word's without them (0.5 KB; a healthy check compiles none of them, 7 M instructions); to
    // 816.3 KB: a runit or s6 service whose scanner's folder no longer holds it, its supervisor still running, is taken
    // out (0.4 KB); to 816.4 KB: a stuck session deleted only once no gateway of the home runs, whichever the look saw
    // (0.1 KB); to 816.6 KB: a service taken out of its supervisor's files watched, not restarted, on every line (0.2 KB);
    // to 816.7 KB: the way back for such a service in each supervisor's own words, both locales (0.1 KB); to 816.9 KB:
    // an operator's long stop reminded with the way back gatewatch's lever allows (0.2 KB); to 817.0 KB: GATEWATCH_DEBUG's
    // steps written without making process.stderr (0.1 KB); to 817.3 KB: a runit service taken out told back by the
    // folder the host still keeps (0.2 KB); to 817.6 KB: and then `sv up` where that folder keeps it down (0.2 KB); to
    // 817.9 KB: of several scan folders, the one changed as the gateway stopped named as its place (0.2 KB); to 818.1 KB:
    // runit or s6 saying up of a gateway that is gone is relaunching it, one rule for both (0.1 KB); to 818.6 KB: the
    // lock's holders read by pid, so the pulse looks at a gateway between polls only where its own lock does not wake
    // the daemon (0.4 KB); to 818.7 KB: that stale up not read again of a process the look has just found alive (0.1
    // KB); to 818.8 KB: a history saved every ten minutes where its looks only watched (0.1 KB).
    const budget =
      818_800 +
      8_000 * (HERMES_PLATFORMS.length - 14) +
      4_000 * (notifierPlugins.length - 10) +
      10_000 * (chatPlugins.length - 3);
    const bytes = dist.reduce((n, f) => n + statSync(f).size, 0);
    expect(bytes).toBeGreaterThan(100_000);
    expect(bytes).toBeLessThan(budget);
  });

  it("check's bundle takes node:path once: no importing file makes its own copy of the module's exports", () => {
    // esbuild's CommonJS output turns each default import of a node module into an interop copy (a getter per export)
    // made as the bundle loads: a millisecond of a check, for the seventy files that `import path from 'node:path'`.
    const text = readFileSync(path.join(ROOT, 'dist', 'src', 'bundle-check.cjs'), 'latin1');
    expect(text.split('"node:path"').length - 1).toBe(1);
  });

  it('a healthy check of a home under ~/.hermes does not load node:crypto (it hashes nothing; 7 ms and 1.7 MB)', async () => {
    const home = path.join(tmp, 'user');
    mkdirSync(home, { recursive: true });
    symlinkSync(path.join(tmp, 'hermes'), path.join(home, '.hermes'));
    const cfg = path.join(tmp, 'home-config.yaml');
    writeFileSync(
      cfg,
      `state_dir: ${path.join(tmp, 'state-home')}\ntargets:\n  - { name: cold, hermes_home: ~/.hermes, platforms: [feishu, qqbot], service: { manager: none } }\n`,
    );
    const r = await traced(['check', '--config', cfg], { HOME: home });
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
    expect(r.builtins).toContain('fs');
    expect(r.builtins).not.toContain('crypto');
  });

  it('a healthy check of a home elsewhere does not load node:crypto either (its service suffix hashes the path in plain JavaScript)', async () => {
    const r = await traced(['check', '--config', config]);
    expect(r.code).toBe(0);
    expect(r.builtins).toContain('fs');
    expect(r.builtins).not.toContain('crypto');
  });

  it('a healthy check loads neither node:net nor node:dns (the reachability probe runs only for a platform that is down)', async () => {
    const builtins = await healthyBuiltins();
    expect(builtins.filter((b) => b === 'net' || b.startsWith('dns'))).toEqual([]);
  });

  it('a healthy check loads no node:os (HOME is set: the home directory is read from it; half a millisecond)', async () => {
    expect(await healthyBuiltins()).not.toContain('os');
  });

  it("package.json's bin (what cron runs) is CommonJS: a healthy check starts without node's ES module loader and its fs/promises", async () => {
    // Node reads an ES module entry through its ES module loader, which reads it with fs/promises (and the streams,
    // file watchers and readline that loads): 5 ms of a check's start that a CommonJS entry does without.
    const { bin } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const r = await preloaded(
      `process.on('exit', () => write(process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)).join(',')));`,
      path.join(ROOT, bin.gatewatch),
    );
    expect(r.code).toBe(0);
    const builtins = r.said.split(',');
    expect(builtins).toContain('vm');
    const loader = /^internal\/modules\/esm\/(module_job|load)$|fs\/promises|readline/;
    expect(builtins.filter((b) => loader.test(b))).toEqual([]);
  });

  it("package.json's bin sets check's V8 flags without node:v8, whose module loads node's streams (3 ms), and says nothing of it", async () => {
    const { bin } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const exe = path.join(ROOT, bin.gatewatch);
    const r = await preloaded(
      `process.on('exit', () => write(process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)).join(',')));`,
      exe,
    );
    expect(r.code).toBe(0);
    const streams = ['v8', 'internal/heap_utils', 'stream', 'internal/streams/readable'];
    expect(r.said.split(',').filter((b) => streams.includes(b))).toEqual([]);
    // Node's deprecation warning for the binding it uses is silenced for that one call, under any deprecation flag.
    for (const flag of ['--pending-deprecation', '--throw-deprecation', '--no-deprecation']) {
      const child = spawn(process.execPath, [flag, exe, 'check', '--config', config], {
        env: { ...process.env, GATEWATCH_CONFIG: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const status = await new Promise<number | null>((r) => child.on('close', r));
      expect({ flag, status, out }).toEqual({ flag, status: 0, out: '' });
    }
  });

  it("a healthy check makes every file call in its own turn: none is handed to libuv's threads", async () => {
    // A check has nothing else to do in its loop while a file is read: each hand-off to a thread and back cost more
    // than the read, some 50 of them a look (/proc, the home's files, the state), 6 ms of its own work (issue 62).
    // Counted from the moment the executable reads check's bundle: node's own loader reads the executable through them.
    const r = await preloaded(`const kinds = {};
const hook = require('async_hooks').createHook({ init(id, type) { if (/^(FSREQ|FILEHANDLE)/.test(type)) kinds[type] = (kinds[type] || 0) + 1; } });
const fs = require('fs');
const readFileSync = fs.readFileSync;
let bundle = false;
fs.readFileSync = function (file, ...rest) {
  if (!bundle && String(file).endsWith('bundle-check.cjs')) (bundle = true), hook.enable();
  return readFileSync.call(this, file, ...rest);
};
process.on('exit', () => write(JSON.stringify({ bundle, kinds })));`);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.said)).toEqual({ bundle: true, kinds: {} });
  });

  it('a healthy check compiles no code from strings: zod builds its parsers without their compiled fast path', async () => {
    // zod 4 compiles an object schema's parser with new Function on its first parse, when the schema was made without
    // `jitless` (~8 ms and a few hundred KB for the config a check parses once). A preload counts what is compiled.
    const r = await preloaded(`let n = 0;
globalThis.Function = new Proxy(Function, { construct(t, a) { n++; return Reflect.construct(t, a); }, apply(t, self, a) { n++; return Reflect.apply(t, self, a); } });
process.on('exit', () => write(String(n)));`);
    expect(r.code).toBe(0);
    expect(r.said).toBe('0');
  });

  it("a healthy check runs none of the redactor's case-blind patterns of the secret words: nothing it reads names one", async () => {
    // V8 compiles a pattern on its first test: each of these (some forty words, case-blind) took 0.3–0.8 ms of a check
    // that found its config's keys and the gateway's command line named no secret (issue 81). A preload sees each
    // pattern's first test.
    const r = await preloaded(`const seen = new Set();
for (const m of ['test', 'exec']) { const f = RegExp.prototype[m]; RegExp.prototype[m] = function (s) { if (this.flags.includes('i') && this.source.includes('passphrase')) seen.add(this.source.slice(0, 40)); return f.call(this, s); }; }
process.on('exit', () => write(JSON.stringify([...seen])));`);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.said)).toEqual([]);
  });

  it("a stack from check's bundle names the bundle, not the folder the build made its code cache in", async () => {
    // V8 keeps the name a script was compiled under in its code cache, and the build makes the cache in a folder of its
    // own (dist/.next-<pid>, moved into place after): a trace pointed at a path that no longer exists.
    const r = await preloaded(`let seen = '';
const test = RegExp.prototype.test;
RegExp.prototype.test = function (s) {
  if (!seen) seen = (new Error().stack.split('\\n').find((l) => l.includes('bundle-check')) || '');
  return test.call(this, s);
};
process.on('exit', () => write(seen));`);
    expect(r.code).toBe(0);
    expect(r.said).toMatch(/bundle-check\.cjs:\d+:\d+/);
    expect(r.said).not.toMatch(/\.next-/);
  });

  it('the catalogues are files of their own: zh-CN loaded for a config or a terminal that reads Chinese, English for a check with something to say', async () => {
    // A home with no gateway: check has something to say.
    const home = path.join(tmp, 'down');
    mkdirSync(path.join(home, 'logs'), { recursive: true });
    const cfg = (locale: string) => {
      const f = path.join(tmp, `down-${locale || 'env'}.yaml`);
      writeFileSync(
        f,
        `state_dir: ${path.join(tmp, 'state-down')}\n${locale ? `locale: ${locale}\n` : ''}targets:\n  - { name: down, hermes_home: ${home}, service: { manager: none } }\n`,
      );
      return f;
    };
    // Once each: node's ES module loader resolves the CommonJS zh-CN file, and its CommonJS loader then loads it.
    const loaded = (files: string[]) => [
      ...new Set(
        files
          .filter((f) => f.startsWith(path.join(ROOT, 'dist')))
          .map((f) => path.basename(f))
          .sort(),
      ),
    ];
    const en = await traced(['check', '--config', cfg('en')], { LANG: 'C.UTF-8', LC_ALL: '' });
    expect(en.code).toBe(2);
    expect(en.out).toContain('Hermes gateway is not running');
    // The English catalogue is a file of its own too: a check with something to say loads it (a healthy one does not,
    // above).
    expect(loaded(en.files)).toEqual(['bundle-check-en.cjs', 'bundle-check.cjs', 'cli.js']);
    const zh = await traced(['check', '--config', cfg('zh-CN')], { LANG: 'C.UTF-8', LC_ALL: '' });
    expect(zh.code).toBe(2);
    expect(zh.out).toContain('发现 1 个问题');
    // English too: a text zh-CN does not word falls back to it, and a finding's parameters are read off its English.
    expect(loaded(zh.files)).toEqual(['bundle-check-en.cjs', 'bundle-check-zh-CN.cjs', 'bundle-check.cjs', 'cli.js']);
    const env = await traced(['check', '--config', cfg('')], { LANG: 'zh_CN.UTF-8', LC_ALL: '' });
    expect(env.out).toContain('发现 1 个问题');
  });

  it("a check that words a platform's own finding loads the platforms' words, in both locales; a healthy one does not", async () => {
    // Each platform's words are a file of their own that check loads when it first words one (scripts/bundle.mjs,
    // platformWordsOnDemand): Telegram's deaf consumer, three stalls in the last minutes, said in its own words.
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'gw-words-'));
    const home = path.join(tmp, 'hermes');
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    const stamp = (ago: number) => {
      const t = new Date(Date.now() - ago);
      return `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())} ${p(t.getHours())}:${p(t.getMinutes())}:${p(t.getSeconds())},${p(t.getMilliseconds(), 3)}`;
    };
    const stall = (ago: number, g: number) =>
      `${stamp(ago)} WARNING hermes_plugins.telegram_platform.adapter: [Telegram] Telegram polling stalled: no getUpdates progress for 120s (generation ${g}). Rebuilding the long-poll consumer …`;
    const gw = idleGatewayHome(
      home,
      [
        `${stamp(600_000)} INFO gateway.run: Press Ctrl+C to stop`,
        stall(240_000, 1),
        stall(150_000, 2),
        stall(60_000, 3),
        '',
      ].join('\n'),
      ['telegram'],
    );
    try {
      const files = (r: Awaited<ReturnType<typeof traced>>) =>
        r.files
          .filter((f) => f.startsWith(path.join(ROOT, 'dist')))
          .map((f) => path.basename(f))
          .sort();
      for (const [locale, title] of [
        ['en', 'Telegram is connected but deaf'],
        ['zh-CN', 'Telegram 已连接但收不到消息'],
      ] as const) {
        const cfg = path.join(tmp, `${locale}.yaml`);
        writeFileSync(
          cfg,
          `state_dir: ${path.join(tmp, `state-${locale}`)}\nlocale: ${locale}\ntargets:\n  - { name: deaf, hermes_home: ${home}, platforms: [telegram], service: { manager: none } }\n`,
        );
        const r = await traced(['check', '--config', cfg], { LANG: 'C.UTF-8', LC_ALL: '' });
        expect(r.out).toContain(title);
        expect(files(r)).toContain('bundle-check-words.cjs');
      }
    } finally {
      gw.kill('SIGKILL');
    }
  });

  it('the bundles are Latin-1 (regex literals escaped): V8 holds a module source with one ✓ or — at two bytes a character', () => {
    const dist = path.join(ROOT, 'dist', 'src');
    const wide = readdirSync(dist).filter(
      (f) => /\.c?js$/.test(f) && /[^\x00-\xff]/.test(readFileSync(path.join(dist, f), 'utf8')),
    );
    expect(wide).toEqual([]);
  });

  it('check with an option the fast path does not know goes through the full CLI: --help prints the usage', async () => {
    const r = await traced(['check', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: gatewatch check \[options\]/);
    expect(r.out).toContain('--json');
    const j = await traced(['check', '--json', '-c', config]);
    expect(JSON.parse(j.out)).toEqual({ status: 'ok', findings: [] });
    expect(
      j.files
        .filter((f) => f.startsWith(path.join(ROOT, 'dist')))
        .map((f) => path.basename(f))
        .sort(),
    ).toEqual(['bundle-check.cjs', 'cli.js']);
  });

  it("a check of a failing QQ asks gatewatch's own QQ bot from its own bundle: no chat channel, no ws, no chunk", async () => {
    const fake = await startFakeQQ({ appId: '102000001', clientSecret: 'fake-client-secret-DG5g3B4j' });
    try {
      const home = path.join(tmp, 'qq-down');
      await qqOutageHome(home);
      const cfg = path.join(tmp, 'qq-down.json');
      writeFileSync(
        cfg,
        JSON.stringify({
          state_dir: path.join(tmp, 'state-qq-down'),
          targets: [{ name: 'gw', hermes_home: home, platforms: ['qqbot'], reachability: { qqbot: false } }],
          channels: {
            qq: {
              app_id: '102000001',
              client_secret: 'fake-client-secret-DG5g3B4j',
              api_base: fake.baseUrl,
              token_url: fake.tokenUrl,
              alert_to: [{ user: 'u1' }],
            },
          },
        }),
      );
      const r = await traced(['check', '--json', '--config', cfg]);
      const qq = (JSON.parse(r.out) as { findings: { platform?: string; scope?: string }[] }).findings.find(
        (f) => f.platform === 'qqbot',
      );
      expect(qq?.scope).toBe('gateway');
      expect(fake.tokenRequests).toBe(1);
      expect(heavyIn(r.files)).toEqual([]);
      expect(
        r.files
          .filter((f) => f.startsWith(path.join(ROOT, 'dist')))
          .map((f) => path.basename(f))
          .sort(),
      ).toEqual(['bundle-check-en.cjs', 'bundle-check.cjs', 'cli.js']);
    } finally {
      await fake.close();
      await cleanup();
    }
  });

  it('the same trace sees a heavy module when a command does use it: `logs --grep` with a pattern loads re2js', async () => {
    const r = await traced(['logs', '--config', config, '--grep', '40(09|04)']);
    expect(r.out).toContain('whatever 4009 here');
    expect(r.code).toBe(0);
    expect(heavyIn(r.files)).toContain('re2js');
    expect(r.files.map((f) => path.basename(f))).toContain('bundle-cli.cjs');
  });
});

describe('what an idle daemon holds', () => {
  it('scheduling touches no Intl date formatting: an Intl.DateTimeFormat maps ~6 MB of ICU data into the daemon for good', async () => {
    // node-cron computes every match with an Intl.DateTimeFormat; the build has its host-zone parts read from Date
    // (scripts/bundle.mjs). A preload records each Intl.DateTimeFormat built (a call or `new`, any locale).
    const record = path.join(tmp, 'intl-record');
    const preload = path.join(tmp, 'intl-preload.cjs');
    writeFileSync(record, '');
    writeFileSync(
      preload,
      `const D = Intl.DateTimeFormat; const fs = require('fs');\n` +
        `Intl.DateTimeFormat = new Proxy(D, { construct: (t, a) => (fs.appendFileSync(${JSON.stringify(record)}, new Error().stack.split('\\n')[2] + '\\n'), new t(...a)), apply: (t, _, a) => (fs.appendFileSync(${JSON.stringify(record)}, 'call\\n'), t(...a)) });\n`,
    );
    const cfg = path.join(tmp, 'daemon.yaml');
    writeFileSync(
      cfg,
      readFileSync(config, 'utf8').replace(/state_dir: .*/, `state_dir: ${path.join(tmp, 'state-daemon')}`) +
        'channels:\n  console: {}\n',
    );
    const child = spawn(process.execPath, ['--require', preload, CLI, 'run', '--console', '--config', cfg], {
      env: { ...process.env, GATEWATCH_CONFIG: '', GATEWATCH_LOG_LEVEL: 'info' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise((r) => child.on('close', r));
    // Logged once the app has started: the loop runs, its schedule set and its next runs worked out.
    await new Promise<void>((resolve, reject) => {
      const t = setInterval(() => out.includes('gatewatch running') && (clearInterval(t), resolve()), 20);
      child.on('close', () => (clearInterval(t), reject(new Error(`gatewatch run exited: ${out}`))));
    });
    child.kill('SIGTERM');
    await exited;
    expect(readFileSync(record, 'utf8')).toBe('');
  });
  it("the daemon's node-cron (host zone from Date) schedules the runs node-cron does, across DST and half-hour zones", async () => {
    // One copy, made for the daemon and config validation alike (scripts/bundle.mjs).
    const chunk = readdirSync(path.join(ROOT, 'dist', 'src')).find((f) => f === 'bundle-node-cron-host.cjs');
    expect(chunk).toBeDefined();
    const script = path.join(tmp, 'cron-runs.mjs');
    writeFileSync(
      script,
      `const [ours, theirs] = await Promise.all([import(process.argv[2]), import(process.argv[3])]);\n` +
        `const runs = (m, e) => { const t = m.default.createTask(e, () => {}); const r = t.getNextRuns(400).map((d) => d.toISOString()); t.destroy(); return r; };\n` +
        `const out = {}; for (const e of ['30 2 * * *', '*/7 * * * *', '0 0 1 * *', '15 3 * * 0', '0 */5 * * * *']) out[e] = [runs(ours, e), runs(theirs, e)];\n` +
        `process.stdout.write(JSON.stringify(out));\n`,
    );
    // A year of daily runs crosses both DST changes; St John's is 3:30 off UTC, Lord Howe's DST moves by half an hour.
    const zones = ['Europe/Berlin', 'America/St_Johns', 'Australia/Lord_Howe'];
    const outs = await Promise.all(
      zones.map((tz) => {
        const child = spawn(
          process.execPath,
          [
            script,
            path.join(ROOT, 'dist', 'src', chunk!),
            path.join(ROOT, 'node_modules', 'node-cron', 'dist', 'node-cron.js'),
          ],
          { env: { ...process.env, TZ: tz }, stdio: ['ignore', 'pipe', 'inherit'] },
        );
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        return new Promise<string>((r) => child.on('close', () => r(out)));
      }),
    );
    for (const [i, out] of outs.entries()) {
      for (const [expr, [ours, theirs]] of Object.entries(JSON.parse(out) as Record<string, [string[], string[]]>)) {
        expect(ours.length, `${zones[i]} ${expr}`).toBe(400);
        expect(ours, `${zones[i]} ${expr}`).toEqual(theirs);
      }
    }
  });
});

describe('sources', () => {
  it("schemas are made with zod's mini build, through src/util/zod.ts: no source imports zod's classic build", () => {
    // The classic build installs its methods on every kind of schema as the first of its kind is made: with it, a cold
    // check's config schemas took 8 ms more. `import { z } from 'zod'` also kept every locale in the bundle.
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const f = path.join(dir, e.name);
        if (e.isDirectory()) walk(f);
        else if (
          f.endsWith('.ts') &&
          f !== path.join(ROOT, 'src', 'util', 'zod.ts') &&
          /from\s*'zod(\/mini|\/v4|\/v4\/classic[^']*|\/v4\/mini[^']*)?'/.test(readFileSync(f, 'utf8'))
        )
          offenders.push(path.relative(ROOT, f));
      }
    };
    walk(path.join(ROOT, 'src'));
    walk(path.join(ROOT, 'commands'));
    expect(offenders).toEqual([]);
  });
});
