// `init`'s reading of systemd's unit files (src/probes/supervisors/systemd.ts box()): loaded only by init.
import path from 'node:path';
import type { Host } from '../host.js';
import { entries, text } from './box-read.js';
import { unitServes } from './systemd-unit.js';
import type { BoxFinds, BoxGateway, Unread } from './types.js';

/** `init`: every unit whose ExecStart runs a gateway: the system's, and the user's own (`systemctl --user`). */
export async function systemdFinds(host: Host): Promise<BoxFinds> {
  const unread: Unread[] = [];
  const gateways: BoxGateway[] = [];
  if (host.platform !== 'linux') return { gateways, unread };
  const places = [
    { dir: host.systemUnitDir, scope: 'system' as const },
    { dir: path.join(host.homedir, '.config', 'systemd', 'user'), scope: 'user' as const },
  ];
  for (const { dir, scope } of places)
    for (const unit of (await entries(dir, unread)).filter((f) => f.endsWith('.service'))) {
      const home = await unitServes(await text(path.join(dir, unit), unread), host);
      if (home)
        gateways.push({ home, label: unit.replace(/\.service$/, ''), service: { manager: 'systemd', unit, scope } });
    }
  return { gateways, unread };
}
