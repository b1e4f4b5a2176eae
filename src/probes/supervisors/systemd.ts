// systemd, a user unit (Hermes' default on Linux) or a system one. Hermes names its unit hermes-gateway[-<profile>]
// (hermes_cli/gateway.py get_service_name); a live gateway's cgroup names whichever unit runs it. A user unit runs only
// while its user's manager does: without lingering, that is until the user's last session ends.
import { ownText } from '../../i18n.js';
import * as ownWords from './systemd-texts.js';
import path from 'node:path';
import type { FindingParam } from '../../types.js';
import type { ServiceEvidence, SupervisorRisk } from '../../evidence.js';
import type { TargetConfig } from '../../config/schema.js';
import { fileExists, runCommand, trimDetail, which, type Host } from '../host.js';
import { readBootTimeMs } from '../process.js';
import { readdir } from '../../util/file-calls.js';
import { KiB, readCapped } from '../../util/read-capped.js';
import { lastShutdownContext } from '../shutdown-context.js';
import { causeLine } from './output.js';
import { unitServes } from './systemd-unit.js';
import {
  supervisingAncestor,
  type BoxFinds,
  type BoxGateway,
  type Claim,
  type LeverWords,
  type ProcTraits,
  type SupervisorAdapter,
  type WordsContext,
} from './types.js';

export type Scope = 'user' | 'system';

const suffix = (t: TargetConfig) => (t.profile ? `-${t.profile}` : '');

export function defaultUnit(target: TargetConfig): string {
  return `hermes-gateway${suffix(target)}.service`;
}

/** The configured or default unit, always with a unit type so the unit file can be found. */
export function unitName(target: TargetConfig): string {
  const u = target.service.unit ?? defaultUnit(target);
  return /\.(service|scope|target|socket|timer)$/.test(u) ? u : `${u}.service`;
}

export function unitPath(unit: string, scope: Scope, host: Host): string {
  return scope === 'user'
    ? path.join(host.homedir, '.config', 'systemd', 'user', unit)
    : path.join(host.systemUnitDir, unit);
}

/** `--user` for user units; nothing for system units. */
export function scopeArgs(scope: Scope | undefined): string[] {
  return scope === 'system' ? [] : ['--user'];
}

/** `systemctl show` output: one `Key=Value` per line. */
function parseShow(text: string): Record<string, string> {
  const props: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) props[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return props;
}

const SHOW = 'LoadState,ActiveState,SubState,MainPID,NRestarts,ExecMainStatus';

/**
 * `systemctl --user` with no user manager to talk to, as systemd words it by version: 252 "Failed to connect to bus: No
 * medium found", 253–255 "Failed to connect to bus: …", 256+ "Failed to connect to user scope bus via local transport: …".
 */
const NO_USER_BUS = /Failed to connect to (user scope )?bus\b/;

/** The user whose manager runs a user unit, and whether logind keeps that manager running without a session. */
async function userOf(host: Host): Promise<{ name: string; lingers: boolean } | undefined> {
  if (!(await fileExists(host.systemdBooted))) return undefined;
  const name = host.user;
  return { name, lingers: await fileExists(path.join(host.lingerDir, name)) };
}

const LOOP_WINDOW_MS = 120_000;
// NRestarts as each look saw it, per unit, for this gatewatch's life: systemd counts restarts, not when they came.
const seenRestarts = new Map<string, { at: number; n: number }[]>();

/** The restarts systemd made within the window, from the growth of its NRestarts across looks. */
function restartsSeen(unit: string, n: number | undefined, now: number): ServiceEvidence['deaths'] {
  if (n === undefined) return undefined;
  const list = (seenRestarts.get(unit) ?? []).filter((s) => now - s.at <= LOOP_WINDOW_MS && s.n <= n);
  list.push({ at: now, n });
  if (seenRestarts.size > 64) seenRestarts.clear();
  seenRestarts.set(unit, list);
  const grew = n - list[0]!.n;
  return grew > 0 ? { count: grew, windowS: LOOP_WINDOW_MS / 1000, firstAt: list[0]!.at, lastAt: now } : undefined;
}

/** The gateway's last error line in the journal of its unit. */
async function journalCause(unit: string, scope: Scope | undefined, host: Host): Promise<ServiceEvidence['cause']> {
  const argv = [
    'journalctl',
    ...(scope === 'system' ? [] : ['--user']),
    '-u',
    unit,
    '-n',
    '60',
    '-o',
    'cat',
    '--no-pager',
  ];
  const r = await runCommand(argv, host);
  const line = r.exitCode === 0 ? causeLine(r.stdout.split('\n')) : undefined;
  return line ? { line, source: argv.slice(0, -5).join(' ') } : undefined;
}

const num = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);

function evidenceOf(unit: string, props: Record<string, string>): ServiceEvidence {
  const ev: ServiceEvidence = { manager: 'systemd', name: unit };
  const active = props.ActiveState;
  const sub = props.SubState;
  if (props.LoadState === 'not-found')
    return { ...ev, active: false, state: 'not-found', error: `unit ${unit} not found` };
  if (active) {
    ev.state = sub ? `${active}/${sub}` : active;
    if (active === 'active' || active === 'reloading') ev.active = true;
    else if (['inactive', 'failed', 'activating', 'deactivating', 'maintenance'].includes(active)) ev.active = false;
    ev.restarting =
      ['activating', 'reloading', 'deactivating'].includes(active) || Boolean(sub?.startsWith('auto-restart'));
  }
  const mainPid = num(props.MainPID);
  if (mainPid) ev.mainPid = mainPid;
  const n = num(props.NRestarts);
  if (n !== undefined) ev.nRestarts = n;
  const status = num(props.ExecMainStatus);
  if (status !== undefined) ev.exitStatus = status;
  return ev;
}

/** `0::/user.slice/user-1000.slice/user@1000.service/app.slice/hermes-gateway.service`: the unit and its manager. */
export function unitOfCgroup(cgroup: string | undefined): { unit: string; scope: Scope } | undefined {
  const m = /\/([^/]+\.service)$/.exec(cgroup ?? '');
  if (!m || /^user@\d+\.service$/.test(m[1]!)) return undefined;
  return { unit: m[1]!, scope: /\/user@\d+\.service\//.test(cgroup!) ? 'user' : 'system' };
}

function detailOf(r: { stdout: string; stderr: string }): string {
  const d = trimDetail(r.stderr || r.stdout, 200);
  return d ? `: ${d}` : '';
}

/** Where an operator's or a distribution's own units are (NixOS links its units into /etc/systemd/system). */
function unitDirs(scope: Scope, host: Host): string[] {
  return scope === 'user'
    ? [path.join(host.homedir, '.config', 'systemd', 'user')]
    : [host.systemUnitDir, '/run/systemd/system'];
}

/**
 * The unit of these scopes that runs this home's gateway: Hermes' own name for it, else any `.service` whose
 * ExecStart runs the gateway for this home (NixOS' `hermes-agent.service`, an operator's own name). A unit with
 * `User=` serves that user's `~/.hermes` unless it sets HOME or HERMES_HOME.
 */
async function unitFor(target: TargetConfig, host: Host, scopes: Scope[]): Promise<Omit<Claim, 'from'> | undefined> {
  const unit = unitName(target);
  for (const scope of scopes) {
    const p = unitPath(unit, scope, host);
    if (await fileExists(p)) return { manager: 'systemd', name: unit, scope, path: p };
  }
  const home = path.resolve(target.hermes_home);
  for (const scope of scopes)
    for (const dir of unitDirs(scope, host))
      for (const f of await readdir(dir).catch(() => [] as string[])) {
        if (!f.endsWith('.service') || f.includes('@')) continue;
        const file = path.join(dir, f);
        const text = await readCapped(file, 64 * KiB).catch(() => '');
        if (!/\bgateway\b/.test(text)) continue;
        const served = await unitServes(text, host);
        if (served && path.resolve(served) === home) return { manager: 'systemd', name: f, scope, path: file };
      }
  return undefined;
}

/**
 * A unit down now whose gateway's last words were systemd's SIGTERM, unplanned, in this boot: systemd was told to stop
 * it (`systemctl stop` of a unit with no ExecStop of Hermes', NixOS' among them). Not after a reboot: a SIGTERM from
 * the last boot's shutdown and a unit not started since is a gateway the boot did not bring back.
 */
async function toldToStop(target: TargetConfig, props: Record<string, string>): Promise<ServiceEvidence['stopped']> {
  if (props.ActiveState !== 'inactive' && props.ActiveState !== 'failed') return undefined;
  const said = await lastShutdownContext(target.log_file);
  if (!said?.latest || said.signal !== 'SIGTERM' || said.parent.name !== 'systemd' || said.at === undefined)
    return undefined;
  const boot = await readBootTimeMs();
  if (boot !== undefined && said.at < boot) return undefined;
  return { at: said.at, line: `${props.ActiveState}/${props.SubState ?? ''}`.replace(/\/$/, '') };
}

/**
 * When the unit gave up: it entered `failed` as its start limit refused the next start, right after its last life died
 * (InactiveEnterTimestampMonotonic, µs on the monotonic clock since boot). A life a look meets beside that word and
 * begun before it is the one that died (detectors/supervisor.ts).
 */
async function gaveUpAt(props: Record<string, string>): Promise<{ at: number } | Record<string, never>> {
  const us = num(props.InactiveEnterTimestampMonotonic);
  const boot = us ? await readBootTimeMs() : undefined;
  return us && boot !== undefined ? { at: boot + Math.round(us / 1000) } : {};
}

/**
 * A Quadlet unit (its SourcePath a `.container` file) down with Result=success: `systemctl stop` stopped its container
 * (`podman stop`), whose gateway's own last words name conmon's side, not systemd; a death fails the unit or restarts it.
 */
function quadletStopped(props: Record<string, string>): ServiceEvidence['stopped'] {
  if (!props.SourcePath?.endsWith('.container') || props.ActiveState !== 'inactive' || props.Result !== 'success')
    return undefined;
  return { line: `${props.ActiveState}/${props.SubState ?? ''} (Result: success)`.replace('/ (', ' (') };
}

/** Where Quadlet reads `.container` files: the system's folders, and this user's for its user units. */
function quadletDirs(host: Host): [string, Scope][] {
  return [
    ...host.quadletDirs.map((d): [string, Scope] => [d, 'system']),
    [path.join(host.homedir, '.config', 'containers', 'systemd'), 'user'],
  ];
}

interface Quadlet {
  file: string;
  scope: Scope;
  /** `<name>.service`, or its ServiceName=. */
  unit: string;
  /** The host folder its Volume= mounts at /opt/data (`%h` the user's home), if any. */
  home?: string;
  /** Its Image= names Hermes'. */
  hermes: boolean;
}

/** Every Quadlet `.container` file, read as Quadlet reads the keys gatewatch needs. */
async function quadlets(host: Host): Promise<Quadlet[]> {
  const out: Quadlet[] = [];
  for (const [dir, scope] of quadletDirs(host))
    for (const f of await readdir(dir).catch(() => [] as string[])) {
      if (!f.endsWith('.container')) continue;
      const file = path.join(dir, f);
      const text = await readCapped(file, 64 * KiB).catch(() => '');
      const volume = /^\s*Volume\s*=\s*([^:\s]+):\/opt\/data(?::\S*)?\s*$/m.exec(text)?.[1];
      const src = volume?.replace(/^%h(?=\/|$)/, host.homedir);
      const named = /^\s*ServiceName\s*=\s*(\S+)\s*$/m.exec(text)?.[1];
      out.push({
        file,
        scope,
        unit: named ? (named.endsWith('.service') ? named : `${named}.service`) : f.replace(/\.container$/, '.service'),
        ...(src?.startsWith('/') ? { home: path.resolve(src) } : {}),
        hermes: /^\s*Image\s*=.*hermes/im.test(text),
      });
    }
  return out;
}

/**
 * The Quadlet file whose container mounts this home (or its root) at /opt/data: its unit runs the gateway, and
 * systemctl is its lever.
 */
export async function quadletFor(target: TargetConfig, host: Host): Promise<Omit<Claim, 'from'> | undefined> {
  const home = path.resolve(target.hermes_home);
  const q = (await quadlets(host)).find(
    (q) => q.home && (q.home === home || home === path.join(q.home, 'profiles', path.basename(home))),
  );
  return q ? { manager: 'systemd', name: q.unit, scope: q.scope, path: q.file } : undefined;
}

/** `init`: the Quadlet files of Hermes' image on a home folder, running or not: each a systemd unit of its name. */
async function quadletBox(host: Host): Promise<BoxFinds> {
  const gateways: BoxGateway[] = (await quadlets(host))
    .filter((q) => q.home && q.hermes)
    .map((q) => ({
      home: q.home!,
      label: q.unit.replace(/\.service$/, ''),
      service: { manager: 'systemd', unit: q.unit, scope: q.scope },
      contained: true,
    }));
  return { gateways, unread: [] };
}

/** Hermes' own unit names, which its CLI drives (`hermes gateway restart`); any other unit is systemctl's alone. */
const HERMES_UNIT = /^hermes-gateway(-[\w.@-]+)?\.service$/;

const code = (cmd: string) => `\`${cmd}\``;

export const systemd: SupervisorAdapter = {
  texts: { en: ownWords.en, 'zh-CN': ownWords.zhCN },
  keys({ name, scope }, { cgroup, uid }) {
    if (!name) return undefined;
    // Another user's manager runs it: gatewatch, as this user, cannot ask it.
    const owner = /\/user@(\d+)\.service\//.exec(cgroup ?? '')?.[1];
    if (scope === 'user' && owner !== undefined && Number(owner) !== uid)
      return { why: { key: 'init.unread.other_user', params: { uid: owner } } };
    return { manager: 'systemd', unit: name, scope: scope ?? 'user' };
  },
  where: ({ name, scope }): FindingParam =>
    scope === 'system'
      ? { key: ownText(ownWords.en, 'init.home.systemd_system'), params: { name: name ?? '' } }
      : { key: 'init.home.service', params: { manager: 'systemd', name: name ?? '' } },
  kind: 'systemd',
  claims(p: ProcTraits) {
    // Its unit's own program: systemd (the system's PID 1 or a user's manager) is its parent, wrappers aside.
    if (!supervisingAncestor(p, (a) => a.comm === 'systemd' || a.pid === 1)) return undefined;
    const u = unitOfCgroup(p.cgroup);
    if (u && unitOfCgroup(p.ownCgroup)?.unit === u.unit) return undefined;
    // A unit whose program is a supervisor of its own (pm2-root.service, supervisor.service) is claimed by that
    // supervisor first (the list's order): what is left here is a unit that runs the gateway itself.
    return u ? { manager: 'systemd', name: u.unit, scope: u.scope } : undefined;
  },
  async traces(target, host) {
    if (host.platform !== 'linux' || !(await which('systemctl', host))) return undefined;
    return unitFor(target, host, target.service.scope === 'system' ? ['system', 'user'] : ['user', 'system']);
  },
  async sender(parent, target, host) {
    // The system's manager (PID 1) or a user's (`systemd --user`): a unit of that scope ran it.
    if (parent.name !== 'systemd' || host.platform !== 'linux') return undefined;
    return unitFor(target, host, [/--user\b/.test(parent.cmdline) ? 'user' : 'system']);
  },
  async configured(target, host) {
    const unit = unitName(target);
    const p = unitPath(unit, target.service.scope, host);
    return {
      manager: 'systemd',
      name: unit,
      scope: target.service.scope,
      ...((await fileExists(p)) ? { path: p } : {}),
    };
  },
  async probe(target, claim: Claim, host, o) {
    const unit = claim.name!;
    const r = await runCommand(
      [
        'systemctl',
        ...scopeArgs(claim.scope),
        'show',
        '-p',
        `${SHOW},Restart,Result,SourcePath,InactiveEnterTimestampMonotonic`,
        unit,
      ],
      host,
    );
    const scope = claim.scope === 'system' ? { scope: 'system' as const } : {};
    const user = claim.scope === 'system' ? undefined : await userOf(host);
    if (r.exitCode !== 0) {
      // No user manager to ask: its user has no session left (logged out) and does not linger.
      const managerDown = user !== undefined && NO_USER_BUS.test(`${r.stderr}\n${r.stdout}`);
      return {
        manager: 'systemd',
        name: unit,
        ...scope,
        ...(user ? { user: { ...user, ...(managerDown ? { managerDown } : {}) } } : {}),
        ...(managerDown && !user.lingers ? { risks: ['no_linger' as const] } : {}),
        error: `systemctl show: ${r.failure}${detailOf(r)}`,
      };
    }
    const props = parseShow(r.stdout);
    const risks: SupervisorRisk[] = [];
    if (user && !user.lingers) risks.push('no_linger');
    if (props.Restart === 'no') risks.push('no_autorestart');
    const deaths = o.now === undefined ? undefined : restartsSeen(unit, num(props.NRestarts), o.now);
    // StartLimitBurst starts within StartLimitIntervalSec: systemd stops restarting it (`Result=start-limit-hit`).
    const gaveUp = props.ActiveState === 'failed' && props.Result === 'start-limit-hit';
    const cause = gaveUp || (deaths?.count ?? 0) >= 2 ? await journalCause(unit, claim.scope, host) : undefined;
    const stopped = gaveUp ? undefined : ((await toldToStop(target, props)) ?? quadletStopped(props));
    return {
      ...evidenceOf(unit, props),
      ...scope,
      ...(stopped ? { stopped } : {}),
      ...(gaveUp
        ? {
            gaveUp: {
              ...(await gaveUpAt(props)),
              line: `${props.ActiveState}/${props.SubState ?? ''} (Result: start-limit-hit)`.replace('/ (', ' ('),
            },
          }
        : {}),
      ...(deaths && deaths.count ? { deaths } : {}),
      ...(cause ? { cause } : {}),
      ...(gaveUp || deaths ? { output: `journalctl${claim.scope === 'system' ? '' : ' --user'} -u ${unit}` } : {}),
      ...(props.Restart ? { respawn: { restarts: props.Restart !== 'no', setting: `Restart=${props.Restart}` } } : {}),
      ...(user ? { user } : {}),
      ...(risks.length ? { risks } : {}),
    };
  },
  plan(verb, target, svc, claim) {
    const unit = svc.name ?? unitName(target);
    const scope = claim.manager === 'systemd' && claim.scope ? claim.scope : target.service.scope;
    return { run: [{ argv: ['systemctl', ...scopeArgs(scope), verb, unit] }] };
  },
  words({ target, hermes, service: s }: WordsContext): LeverWords {
    const user = s.scope === 'system' ? '' : ' --user';
    const unit = s.name;
    // A unit of another name (a Quadlet container's, NixOS' hermes-agent.service): Hermes' CLI would drive a unit
    // of its own name, or the host's gateway against a container's home: systemctl's own word.
    const own = !unit || HERMES_UNIT.test(unit);
    const restart = code(own ? `${hermes} gateway restart` : `systemctl${user} restart ${unit}`);
    return {
      restart_how: { key: 'finding.service.restart.managed', params: { target, cmd: restart } },
      restart,
      start: code(own ? `${hermes} gateway start` : `systemctl${user} start ${unit}`),
      journal: unit
        ? {
            key: ownText(ownWords.en, 'finding.service.journal.systemd'),
            params: { cmd: `journalctl${user} -u ${unit}` },
          }
        : { key: 'finding.service.journal.none' },
      supervisor: unit
        ? {
            key: ownText(ownWords.en, 'finding.service.status.systemd'),
            params: { cmd: `systemctl${user} status ${unit}` },
          }
        : { key: 'finding.service.status.command' },
      autorestart: `${code('Restart=on-failure')} in its unit, then ${code(`systemctl${user} daemon-reload`)}`,
    };
  },
  // Its unit files, and the Quadlet units of Hermes' image (their containers' gateways).
  async box(host) {
    const [units, quadlets] = await Promise.all([
      (await import('./systemd-box.js')).systemdFinds(host),
      quadletBox(host),
    ]);
    return { gateways: [...units.gateways, ...quadlets.gateways], unread: [...units.unread, ...quadlets.unread] };
  },
};
