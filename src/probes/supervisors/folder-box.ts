// `init`'s reading of a scanner's service folders, runit's and s6's alike (their adapters' box()): each folder whose
// `run` execs a gateway is one, in each live scanner's folder and the supervisor's own places. Loaded only by init.
import path from 'node:path';
import type { ManagerKind } from '../../evidence/service.js';
import type { Host } from '../host.js';
import { entries } from './box-read.js';
import { homeOfRun } from './run-file.js';
import type { BoxFinds, BoxGateway, Unread } from './types.js';

/** Every service folder in `parents` whose `run` execs a gateway, as `manager`'s program. */
export async function folderBox(host: Host, parents: readonly string[], manager: ManagerKind): Promise<BoxFinds> {
  const unread: Unread[] = [];
  const gateways: BoxGateway[] = [];
  for (const parent of [...new Set(parents.map((p) => path.resolve(p)))])
    for (const entry of await entries(parent, unread)) {
      const dir = path.join(parent, entry);
      const home = await homeOfRun(dir, host.homedir);
      if (home) gateways.push({ home, label: entry, service: { manager, program: dir } });
    }
  return { gateways, unread };
}
