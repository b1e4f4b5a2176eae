// A gateway in a Kubernetes pod, watched from its node. The kubelet runs it: each life is a new container of the pod
// (the next `attempt`, a new id), started again after every exit with a back-off that grows to five minutes
// (CrashLoopBackOff); the pod's settings are the cluster's, changed through kubectl, never on the node. What the node
// says of it is the CRI's, through `crictl` (`inspect`, `ps -a`, `logs`); the container is found by the gateway's own
// cgroup (../pid-namespace.ts). The lever on the node is the CRI's too: `hermes gateway restart` inside a container of
// Hermes' image (its s6 restarts the gateway), else the container's stop, after which the kubelet starts the next one.
// Never the host's `hermes` against the mounted home: that starts a second gateway beside it.
import { ownText } from '../../i18n.js';
import * as ownWords from './kubernetes-texts.js';
import type { ContainerFacts, PidRecord, ServiceEvidence } from '../../evidence.js';
import type { TargetConfig } from '../../config/schema.js';
import type { FindingParam } from '../../types.js';
import { runCommand, trimDetail, which, type Host } from '../host.js';
import { supervisesWithS6 } from '../container.js';
import { hermesInside } from '../container-slot.js';
import { containerLever } from './container-lever.js';
import { inOrder } from '../container-output.js';
import { containerIdOf, hostPidOf, lastHostPid } from '../pid-namespace.js';
import { readPidFile, recordOwner } from '../process.js';
import { causeLine } from './output.js';
import type { BoxFinds, BoxGateway, Claim, LeverWords, Plan, SupervisorAdapter, Verb, WordsContext } from './types.js';

/** The kubelet's back-off reaches five minutes: deaths further apart than that are not one loop. */
const LOOP_WINDOW_S = 600;
const LABEL_POD_UID = 'io.kubernetes.pod.uid';

/** One container of the pod as crictl prints it (`inspect`'s status, `ps -o json`'s entries): the CRI's own fields. */
interface CriContainer {
  id?: string;
  image?: { image?: string };
  metadata?: { name?: string; attempt?: number };
  state?: string;
  /** RFC 3339 in `inspect`, nanoseconds since the epoch as a string in `ps -o json`. */
  createdAt?: string;
  startedAt?: string;
  finishedAt?: string;
  exitCode?: number;
  reason?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  mounts?: { containerPath?: string; hostPath?: string }[];
}

interface CriInspect {
  status?: CriContainer;
  info?: { sandboxID?: string; pid?: number; runtimeSpec?: { process?: { args?: string[]; env?: string[] } } };
}

/** Epoch ms of a CRI time: nanoseconds as digits, or RFC 3339; undefined for none (Go's zero time, 0). */
export function criMs(v: string | undefined): number | undefined {
  if (!v) return undefined;
  const ms = /^\d+$/.test(v) ? Number(BigInt(v) / 1_000_000n) : Date.parse(v);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

const detail = (r: { stdout: string; stderr: string; failure?: string }) =>
  [r.failure, trimDetail(r.stderr || r.stdout, 200)].filter(Boolean).join(': ');

// The pod's container this home's gateway last ran in, by home: a dead gateway has no cgroup left to name it.
const seen = new Map<string, { id: string; pod?: string }>();

/** The container the gateway runs (or last ran) in: configured, by its live process's cgroup, or as last seen. */
async function containerOf(
  target: TargetConfig,
  record: PidRecord | null,
): Promise<{ id: string; pod?: string } | undefined> {
  if (target.service.container) return { id: target.service.container };
  const owner = record ? recordOwner(target, record) : undefined;
  const pid = record
    ? ((await hostPidOf(record.pid, record.start_time, owner)) ?? lastHostPid(record.pid, record.start_time, owner))
    : undefined;
  const c = pid === undefined ? undefined : await containerIdOf(pid);
  if (c?.runtime === 'kubernetes') seen.set(target.hermes_home, { id: c.id, ...(c.pod ? { pod: c.pod } : {}) });
  return seen.get(target.hermes_home);
}

/**
 * A pod whose gateway is down (by its uid, or any pod's): its newest container of each name that mounts this home's
 * folder at /opt/data.
 */
async function mountingHome(
  pod: string | undefined,
  target: TargetConfig,
  host: Host,
): Promise<{ id: string; pod: string } | undefined> {
  const newest = new Map<string, CriContainer>();
  for (const c of await lives(pod, undefined, host)) {
    const key = `${c.labels?.[LABEL_POD_UID]}/${c.metadata?.name}`;
    const had = newest.get(key);
    if (!had || (had.metadata?.attempt ?? 0) <= (c.metadata?.attempt ?? 0)) newest.set(key, c);
  }
  for (const c of newest.values()) {
    const got = c.id ? await inspect(c.id, host) : undefined;
    const src = got && !('error' in got) ? factsOf(got, '').homeSource : undefined;
    const uid = c.labels?.[LABEL_POD_UID];
    if (uid && src && (target.hermes_home === src || target.hermes_home.startsWith(`${src}/profiles/`)))
      return { id: c.id!, pod: uid };
  }
  return undefined;
}

async function inspect(id: string, host: Host): Promise<CriInspect | { error: string }> {
  const r = await runCommand(['crictl', 'inspect', id], host);
  try {
    const got = JSON.parse(r.stdout) as CriInspect;
    if (r.exitCode === 0 && got.status) return got;
  } catch {
    // said below
  }
  return { error: `crictl inspect: ${detail(r) || 'no answer'}` };
}

/** Every life of the pod's container of that name (of every pod's, of every name), oldest first. */
async function lives(pod: string | undefined, name: string | undefined, host: Host): Promise<CriContainer[]> {
  const r = await runCommand(
    ['crictl', 'ps', '-a', '-o', 'json', ...(pod ? ['--label', `${LABEL_POD_UID}=${pod}`] : [])],
    host,
  );
  if (r.exitCode !== 0) return [];
  try {
    const all = (JSON.parse(r.stdout) as { containers?: CriContainer[] }).containers ?? [];
    return all
      .filter((c) => name === undefined || c.metadata?.name === name)
      .sort((a, b) => (a.metadata?.attempt ?? 0) - (b.metadata?.attempt ?? 0));
  } catch {
    return [];
  }
}

/** A life that ended sooner than this after its start died young: the kubelet's back-off is a loop's. */
const YOUNG_MS = 60_000;

/**
 * The kubelet's restarts, read where a loop shows: the newest death (this life's end, else the one before it) within the
 * window. A life that died young counts every restart the kubelet counted (its restartCount: the dead lives its garbage
 * collection keeps are fewer, one a container by default), since the pod began; one that had run long is one death.
 */
async function deathsOf(
  got: CriInspect,
  all: CriContainer[],
  host: Host,
  now: number,
): Promise<ServiceEvidence['deaths'] | undefined> {
  const s = got.status!;
  const exited = s.state !== 'CONTAINER_RUNNING';
  const before = exited ? undefined : all.filter((c) => (c.metadata?.attempt ?? 0) < (s.metadata?.attempt ?? 0)).at(-1);
  const prior = before?.id ? await inspect(before.id, host) : undefined;
  const dead = exited ? s : prior && !('error' in prior) ? prior.status! : undefined;
  const at = criMs(dead?.finishedAt);
  if (!dead || at === undefined || now - at > LOOP_WINDOW_S * 1000) return undefined;
  const last = `exit code ${dead.exitCode ?? '?'}${dead.reason ? ` (${dead.reason})` : ''}`;
  const lived = at - (criMs(dead.startedAt) ?? at);
  const restarts = Number(s.annotations?.['io.kubernetes.container.restartCount'] ?? s.metadata?.attempt ?? 0);
  const count = restarts + (exited ? 1 : 0);
  if (lived >= YOUNG_MS || count < 2) return { count: 1, windowS: LOOP_WINDOW_S, last, firstAt: at, lastAt: at };
  const sandbox = got.info?.sandboxID;
  const pod = sandbox ? await runCommand(['crictl', 'inspectp', sandbox], host) : undefined;
  let since: number | undefined;
  try {
    since =
      pod?.exitCode === 0 ? criMs((JSON.parse(pod.stdout) as { status?: CriContainer }).status?.createdAt) : undefined;
  } catch {
    since = undefined;
  }
  const first = since ?? criMs(all[0]?.createdAt) ?? at;
  return { count, windowS: Math.max(1, Math.round((now - first) / 1000)), last, firstAt: first, lastAt: at };
}

function factsOf(got: CriInspect, name: string): ContainerFacts {
  const s = got.status!;
  const running = s.state === 'CONTAINER_RUNNING';
  const argv = got.info?.runtimeSpec?.process?.args ?? [];
  const restarts = Number(s.annotations?.['io.kubernetes.container.restartCount'] ?? s.metadata?.attempt);
  const startedAt = criMs(s.startedAt);
  const finishedAt = criMs(s.finishedAt);
  const home = s.mounts?.find((m) => m.containerPath === '/opt/data')?.hostPath;
  return {
    id: s.id ?? '',
    name,
    status: (s.state ?? 'unknown').replace(/^CONTAINER_/, '').toLowerCase(),
    running,
    ...(running && got.info?.pid ? { pid: got.info.pid } : {}),
    ...(!running && s.exitCode !== undefined ? { exitCode: s.exitCode } : {}),
    ...(startedAt !== undefined ? { startedAt } : {}),
    ...(finishedAt !== undefined && !running ? { finishedAt } : {}),
    ...(Number.isFinite(restarts) ? { restartCount: restarts } : {}),
    ...(argv.length ? { program: !supervisesWithS6(argv, got.info?.runtimeSpec?.process?.env ?? []) } : {}),
    ...(home ? { homeSource: home } : {}),
  };
}

/** The pod as kubectl names it, `<namespace>/<name>`, from the kubelet's labels. */
function podName(s: CriContainer): string | undefined {
  const ns = s.labels?.['io.kubernetes.pod.namespace'];
  const pod = s.labels?.['io.kubernetes.pod.name'];
  return ns && pod ? `${ns}/${pod}` : undefined;
}

async function probe(
  target: TargetConfig,
  claim: Claim,
  host: Host,
  now: number | undefined,
): Promise<ServiceEvidence> {
  const base: ServiceEvidence = { manager: 'kubernetes' };
  const found =
    (await containerOf(target, (await readPidFile(target.pid_file)).record)) ??
    (await mountingHome(claim.name, target, host));
  if (!found) return { ...base, error: 'no container of a Kubernetes pod found for this gateway' };
  let got = await inspect(found.id, host);
  if ('error' in got) return { ...base, name: found.id.slice(0, 13), error: got.error };
  const cname = got.status?.metadata?.name ?? '';
  const pod = found.pod ?? got.status?.labels?.[LABEL_POD_UID];
  const all = pod ? await lives(pod, cname, host) : [];
  // The kubelet started a newer life than the one the gateway's cgroup named: that one is the gateway's now.
  const newest = all.at(-1);
  if (newest?.id && newest.id !== found.id && (newest.metadata?.attempt ?? 0) > (got.status?.metadata?.attempt ?? 0)) {
    const next = await inspect(newest.id, host);
    if (!('error' in next)) {
      got = next;
      seen.set(target.hermes_home, { id: newest.id, ...(pod ? { pod } : {}) });
    }
  }
  const container = factsOf(got, cname);
  const deaths = now === undefined ? undefined : await deathsOf(got, all, host, now);
  const loop = deaths && deaths.count >= 2 ? deaths : undefined;
  const cause = loop ? await causeOf(all.filter((c) => c.state !== 'CONTAINER_RUNNING').at(-1)?.id, host) : undefined;
  const upFor =
    container.running && container.startedAt && now ? Math.max(0, (now - container.startedAt) / 1000) : undefined;
  return {
    ...base,
    name: podName(got.status!) ?? container.id.slice(0, 13),
    container,
    supervised: container.program !== true,
    active: container.running,
    state: container.status,
    // An exited life of a pod is the kubelet's to start again (after its back-off), not gatewatch's.
    restarting: !container.running,
    ...(upFor !== undefined ? { upFor } : {}),
    ...(container.exitCode !== undefined ? { exitStatus: container.exitCode } : {}),
    ...(container.restartCount !== undefined ? { nRestarts: container.restartCount } : {}),
    ...(loop ? { deaths: loop } : {}),
    ...(cause ? { cause } : {}),
    output: `crictl logs ${container.id.slice(0, 13)}`,
    respawn: { restarts: true },
  };
}

/** The line an exited life died on, from its own output as the kubelet kept it. */
async function causeOf(id: string | undefined, host: Host): Promise<ServiceEvidence['cause']> {
  if (!id) return undefined;
  const r = await runCommand(['crictl', 'logs', '--timestamps', '--tail', '200', id], host);
  if (r.exitCode !== 0) return undefined;
  const line = causeLine(inOrder(r.stdout, r.stderr));
  return line ? { line, source: `crictl logs ${id.slice(0, 13)}` } : undefined;
}

/** The profile the home is inside the pod's /opt/data: '' for the root. */
function profileOf(target: TargetConfig, c: ContainerFacts | undefined): string {
  const src = c?.homeSource;
  const rel = src && target.hermes_home.startsWith(`${src}/profiles/`) ? target.hermes_home.slice(src.length + 10) : '';
  return /^[^/]+$/.test(rel) ? rel : '';
}

function plan(verb: Verb, target: TargetConfig, svc: ServiceEvidence): Plan {
  const c = svc.container;
  if (!c)
    return { error: `no container of a Kubernetes pod found for this gateway${svc.error ? ` (${svc.error})` : ''}` };
  if (verb === 'stop')
    return { error: `the kubelet starts ${svc.name ?? 'the pod'}'s gateway again: a pod is stopped through kubectl` };
  if (!c.running)
    return { error: `the kubelet starts ${svc.name ?? 'the pod'}'s container again by itself, after its back-off` };
  if (c.program) return { run: [{ argv: ['crictl', 'stop', c.id] }] };
  return { run: [{ argv: ['crictl', 'exec', c.id, ...hermesInside(profileOf(target, c), verb)] }] };
}

const code = (cmd: string) => `\`${cmd}\``;

function words({ target, hermes, service: s }: WordsContext): LeverWords {
  const c = s.container;
  const id = c?.id.slice(0, 13) ?? '<container>';
  const [ns, pod] = s.name?.includes('/') ? s.name.split('/') : ['<namespace>', '<pod>'];
  const restart = code(c?.program ? `crictl stop ${id}` : `crictl exec ${id} ${hermes} gateway restart`);
  return {
    restart_how: {
      key: 'finding.service.restart.pod',
      params: { target, pod: s.name ?? id, cmd: restart, kubectl: code(`kubectl -n ${ns} delete pod ${pod}`) },
    },
    restart,
    // A program pod's container is started by the kubelet alone: a new pod is the operator's start.
    start: c?.program ? code(`kubectl -n ${ns} delete pod ${pod}`) : code(`crictl exec ${id} ${hermes} gateway start`),
    journal: {
      key: ownText(ownWords.en, 'finding.service.journal.pod'),
      params: { cmd: `crictl logs ${id}`, kubectl: `kubectl -n ${ns} logs ${pod}` },
    },
    supervisor: {
      key: ownText(ownWords.en, 'finding.service.status.pod'),
      params: { cmd: `kubectl -n ${ns} describe pod ${pod}` },
    },
    recreate: { key: ownText(ownWords.en, 'finding.deployment_setting.apply.kubernetes') },
  };
}

/**
 * `init`: the running containers of this node's pods that mount a Hermes home at /opt/data, Hermes' by their command,
 * image or environment (a web page or a watcher on the same volume is not the gateway). No key names the container in
 * the config: each life of a pod is a new container, found again by the gateway's cgroup.
 */
async function box(host: Host): Promise<BoxFinds> {
  if (host.platform !== 'linux' || !(await which('crictl', host))) return { gateways: [], unread: [] };
  const r = await runCommand(['crictl', 'ps', '-o', 'json'], host);
  let running: CriContainer[];
  try {
    running = (JSON.parse(r.stdout) as { containers?: CriContainer[] }).containers ?? [];
    if (r.exitCode !== 0) throw new Error('failed');
  } catch {
    return { gateways: [], unread: [{ what: 'crictl ps', why: detail(r) || 'no answer' }] };
  }
  const gateways: BoxGateway[] = [];
  for (const c of running) {
    const got = c.id ? await inspect(c.id, host) : undefined;
    if (!got || 'error' in got) continue;
    const facts = factsOf(got, c.metadata?.name ?? '');
    const p = got.info?.runtimeSpec?.process;
    const hermes =
      (p?.args ?? []).some((a) => a === 'gateway' || /hermes/.test(a)) ||
      (p?.env ?? []).includes('HERMES_HOME=/opt/data') ||
      /hermes/i.test(c.image?.image ?? '');
    if (!facts.homeSource || !hermes) continue;
    gateways.push({
      home: facts.homeSource,
      label: got.status?.labels?.['io.kubernetes.pod.name'] ?? facts.id.slice(0, 13),
      service: { manager: 'kubernetes' },
    });
  }
  return { gateways, unread: [] };
}

/** The pod whose container mounts this home at /opt/data, where crictl is on this node: its claim. */
export async function podOfHome(target: TargetConfig, host: Host): Promise<Omit<Claim, 'from'> | undefined> {
  if (host.platform !== 'linux' || !(await which('crictl', host))) return undefined;
  const found = await mountingHome(undefined, target, host);
  return found ? { manager: 'kubernetes', name: found.pod } : undefined;
}

export const kubernetes: SupervisorAdapter = {
  kind: 'kubernetes',
  texts: { en: ownWords.en, 'zh-CN': ownWords.zhCN },
  // An exited life is the kubelet's to start again: gatewatch has nothing to pull until the next one runs.
  lever: (s) => (s.container && !s.container.running ? { can: 'watch', through: 'container' } : containerLever(s)),
  // The pod is found anew at each look: its keys name no container (a pod's restart makes another).
  container: {
    of: (ev) => (ev.container ? { name: ev.name ?? ev.container.name } : { error: ev.error ?? 'not found' }),
    keys: () => ({ manager: 'kubernetes' }),
  },
  where: ({ container: c }): FindingParam =>
    c?.name
      ? { key: ownText(ownWords.en, 'init.home.pod'), params: { name: c.name } }
      : { key: 'init.home.container_unreachable', params: { runtime: 'crictl', error: c?.error ?? '' } },
  async configured(target) {
    return { manager: 'kubernetes', ...(target.service.container ? { name: target.service.container } : {}) };
  },
  // A down gateway's pod by the kubelet's folder of it (`/var/lib/kubelet/pods/<uid>/volumes/…`); a home of Hermes'
  // image elsewhere on a node with crictl only is found by the container adapter's traces (../supervisors/container.ts).
  async traces(target) {
    const m = /^\/var\/lib\/kubelet\/pods\/([0-9a-f-]{36})\/volumes\//.exec(target.hermes_home);
    return m ? { manager: 'kubernetes', name: m[1]! } : undefined;
  },
  probe(target, claim, host, o) {
    return probe(target, claim, host, o.now);
  },
  plan(verb, target, svc) {
    return plan(verb, target, svc);
  },
  words,
  // Every gatewatch on this node that watches a home of this pod pulls the same container's lever.
  leverKey: (svc) => (svc.container?.id ? `kubernetes:${svc.container.id}` : undefined),
  box,
};
