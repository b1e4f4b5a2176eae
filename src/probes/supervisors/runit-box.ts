// `init`'s reading of runit's service folders (src/probes/supervisors/runit.ts box()): loaded only by init.
import path from 'node:path';
import type { Host } from '../host.js';
import { entries } from './box-read.js';
import { homeOfRun } from './run-file.js';
import type { BoxFinds, BoxGateway, Unread } from './types.js';

/** `init`: every service folder whose `run` execs a gateway, in each live runsvdir's folder and runit's own places. */
export async function runitBox(host: Host, places: readonly string[]): Promise<BoxFinds> {
  const unread: Unread[] = [];
  const gateways: BoxGateway[] = [];
  for (const parent of [...new Set([...places, ...host.runitDirs].map((p) => path.resolve(p)))])
    for (const entry of await entries(parent, unread)) {
      const dir = path.join(parent, entry);
      const home = await homeOfRun(dir, host.homedir);
      if (home) gateways.push({ home, label: entry, service: { manager: 'runit', program: dir } });
    }
  return { gateways, unread };
}
