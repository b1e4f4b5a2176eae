// The Hermes homes of the running containers (hermes-supervisors.md "app stores"): each container whose mounts put a
// host folder at /opt/data, where Hermes' image keeps its home, asked once of each runtime here (`ps`, then one
// `inspect` of them all). App stores keep that folder in their own data: 1Panel's `./data:/opt/data` under the app's
// folder, Umbrel's `${APP_DATA_DIR}/data/hermes:/opt/data`, not ~/.hermes.
import path from 'node:path';
import { realpath } from '../../util/file-calls.js';
import { runCommand, trimDetail, which, type Host } from '../host.js';
import { CONTAINER_HOME, NO_DAEMON, type Runtime } from '../container-home.js';
import type { BoxFinds, BoxGateway, Unread } from './types.js';

interface Inspected {
  Id?: string;
  Name?: string;
  Path?: string;
  Args?: string[];
  Mounts?: { Source?: string; Destination?: string; RW?: boolean }[];
  Config?: {
    Image?: string;
    Env?: string[];
    Cmd?: string[] | null;
    Entrypoint?: string[] | null;
    Labels?: Record<string, string> | null;
  };
}

const detail = (r: { stdout: string; stderr: string; failure?: string }) =>
  [r.failure, trimDetail(r.stderr || r.stdout, 200)].filter(Boolean).join(': ');

/**
 * How sure a container is Hermes' gateway: its command runs the gateway, its image or environment is Hermes', its
 * mount is written to (a read-only watcher beside it, a web page on the same folder, mount it too).
 */
function score(c: Inspected, mount: { RW?: boolean }): number {
  const command = [c.Path, ...(c.Args ?? []), ...(c.Config?.Entrypoint ?? []), ...(c.Config?.Cmd ?? [])].join(' ');
  const hermes =
    /hermes/i.test(c.Config?.Image ?? '') || (c.Config?.Env ?? []).includes(`HERMES_HOME=${CONTAINER_HOME}`);
  return (/\bgateway\b/.test(command) ? 4 : 0) + (hermes ? 2 : 0) + (mount.RW === false ? 0 : 1);
}

async function ofRuntime(runtime: Runtime, host: Host): Promise<BoxFinds> {
  const unread: Unread[] = [];
  const ps = await runCommand([runtime, 'ps', '-q', '--no-trunc'], host);
  if (ps.exitCode !== 0) {
    // No daemon to ask (none runs here): no container runs either, nothing left unread.
    if (!NO_DAEMON.test(`${ps.stderr}\n${ps.stdout}`)) unread.push({ what: `${runtime} ps`, why: detail(ps) });
    return { gateways: [], unread };
  }
  const ids = ps.stdout.split('\n').filter((l) => /^[0-9a-f]{12,64}$/.test(l.trim()));
  if (!ids.length) return { gateways: [], unread };
  const r = await runCommand([runtime, 'inspect', ...ids], host);
  let all: Inspected[];
  try {
    all = JSON.parse(r.stdout) as Inspected[];
    if (!Array.isArray(all)) throw new Error('not a list');
  } catch {
    return { gateways: [], unread: [{ what: `${runtime} inspect`, why: detail(r) || 'no answer' }] };
  }
  // The best container of each folder: a web page or a watcher may mount it beside the gateway's.
  const best = new Map<string, { g: BoxGateway; score: number }>();
  for (const c of all) {
    const mount = c.Mounts?.find((m) => m.Destination === CONTAINER_HOME && m.Source);
    if (!mount || !c.Id) continue;
    const home = await realpath(mount.Source!).catch(() => path.resolve(mount.Source!));
    const name = (c.Name ?? '').replace(/^\//, '') || c.Id.slice(0, 12);
    const s = score(c, mount);
    // Neither its command, its image nor its environment says Hermes: another program's /opt/data.
    if (s < 2) continue;
    // A Quadlet unit's container (Podman labels it with its unit): the unit runs it, and a stop removes the container.
    const unit = c.Config?.Labels?.PODMAN_SYSTEMD_UNIT;
    const service: BoxGateway['service'] = unit
      ? { manager: 'systemd', unit, scope: host.uid === 0 ? 'system' : 'user' }
      : { manager: runtime, container: name };
    if ((best.get(home)?.score ?? -1) < s)
      best.set(home, { g: { home, label: name, service, contained: true }, score: s });
  }
  return { gateways: [...best.values()].map((b) => b.g), unread };
}

/** Every running container of this runtime (where it is installed) that holds a Hermes home: its adapter's box(). */
export async function containerBox(runtime: Runtime, host: Host): Promise<BoxFinds> {
  if (host.platform !== 'linux' || !(await which(runtime, host))) return { gateways: [], unread: [] };
  return ofRuntime(runtime, host);
}
