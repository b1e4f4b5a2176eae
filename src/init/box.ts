// Every Hermes gateway on this host that a supervisor or a container runs, wherever its home is: one a home, the most
// certain first (the live gateway's own supervisor, then what each supervisor's adapter finds: a container runtime the
// containers that mount a home, the others what their files name), and every place that could not be read.
import path from 'node:path';
import { realpath } from '../util/file-calls.js';
import type { Host } from '../probes/host.js';
import { liveFinds } from './box-processes.js';
import { SUPERVISORS } from '../probes/supervisors/index.js';
import type { BoxFinds, BoxGateway, Unread } from './box-types.js';

const canonical = (p: string) => realpath(p).catch(() => path.resolve(p));

export async function findOnBox(host: Host): Promise<BoxFinds> {
  const live = await liveFinds(host);
  // Each supervisor reads its own files (its adapter's box()), told where its live daemons keep their programs.
  const parts = await Promise.all(
    SUPERVISORS.flatMap((a) => (a.box ? [a.box(host, live.places.get(a.kind) ?? [])] : [])),
  );
  const byHome = new Map<string, BoxGateway>();
  for (const g of [live, ...parts].flatMap((f) => f.gateways)) {
    const home = await canonical(g.home);
    if (!byHome.has(home)) byHome.set(home, { ...g, home });
  }
  const unread = new Map<string, Unread>();
  for (const u of [live, ...parts].flatMap((f) => f.unread)) unread.set(`${u.what}\n${u.why}`, u);
  return { gateways: [...byHome.values()], unread: [...unread.values()] };
}
