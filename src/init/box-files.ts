// The gateways the supervisors' own files name, running or not: pm2's apps (the live daemon's list, else dump.pm2),
// supervisord's `[program:x]` sections (its configuration and the files it includes), runit's service folders, and
// systemd's unit files (the system's and the user's own). Each with the home it serves and the keys of its program.
import path from 'node:path';
import { readdir } from '../util/file-calls.js';
import { KiB, readCapped } from '../util/read-capped.js';
import type { Host } from '../probes/host.js';
import { pm2Gateways } from '../probes/supervisors/pm2.js';
import { homeOfRun } from '../probes/supervisors/run-file.js';
import { gatewayPrograms, serverUrlOf } from '../probes/supervisors/supervisord-conf.js';
import { unitServes } from '../probes/supervisors/systemd.js';
import { unreadWhy, type BoxFinds, type BoxGateway, type Unread } from './box-types.js';

const unique = (list: readonly string[]) => [...new Set(list.map((p) => path.resolve(p)))];

/** A folder's entries; [] when it is not there, and a line when it cannot be read. */
async function entries(dir: string, unread: Unread[]): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (e) {
    const why = unreadWhy(e);
    if (why) unread.push({ what: dir, why });
    return [];
  }
}

async function text(file: string, unread: Unread[]): Promise<string> {
  try {
    return await readCapped(file, 256 * KiB);
  } catch (e) {
    const why = unreadWhy(e);
    if (why) unread.push({ what: file, why });
    return '';
  }
}

/** The apps of every pm2 home: the live daemons', the environment's, the user's ~/.pm2. */
export async function pm2Finds(homes: readonly string[], host: Host): Promise<BoxFinds> {
  const all = unique([...homes, ...(host.env.PM2_HOME ? [host.env.PM2_HOME] : []), path.join(host.homedir, '.pm2')]);
  const found = await Promise.all(all.map(async (home) => ({ home, ...(await pm2Gateways(home, host)) })));
  return {
    gateways: found.flatMap(({ home, apps }) =>
      apps.map((a) => ({
        home: a.home,
        label: a.name,
        service: { manager: 'pm2' as const, program: a.name, pm2_home: home },
      })),
    ),
    unread: found.flatMap(({ home, error }) => (error ? [{ what: `PM2_HOME=${home}`, why: error }] : [])),
  };
}

/** `[include] files = a/*.conf b.conf`: the files it names, relative to the configuration's folder. */
async function included(conf: string, body: string, unread: Unread[]): Promise<string[]> {
  const line = /^\[include\][^[]*?^files\s*=[ \t]*([^\n]*)$/m.exec(body)?.[1] ?? '';
  const out: string[] = [];
  for (const pattern of line.split(/\s+/).filter(Boolean)) {
    const p = path.resolve(path.dirname(conf), pattern);
    if (!/[*?[]/.test(path.basename(p))) out.push(p);
    else {
      const re = new RegExp(
        `^${path
          .basename(p)
          .replace(/[.+^${}()|\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`,
      );
      out.push(
        ...(await entries(path.dirname(p), unread)).filter((f) => re.test(f)).map((f) => path.join(path.dirname(p), f)),
      );
    }
  }
  return out;
}

/**
 * Every program that runs a gateway in supervisord's files: each live supervisord's configuration and what it includes,
 * and the host's own places (Debian's, RHEL's); its server the one its configuration names.
 */
export async function supervisordFinds(live: readonly string[], host: Host): Promise<BoxFinds> {
  const unread: Unread[] = [];
  const gateways: BoxGateway[] = [];
  const sets: string[][] = [];
  for (const conf of unique(live)) sets.push([conf, ...(await included(conf, await text(conf, unread), unread))]);
  // The host's places: files, and folders of them.
  const own: string[] = [];
  for (const p of host.supervisorConfs) {
    const list = await readdir(p).catch(() => undefined);
    if (list) own.push(...list.filter((f) => /\.(conf|ini)$/.test(f)).map((f) => path.join(p, f)));
    else own.push(p);
  }
  sets.push(own);
  for (const files of sets) {
    const texts = await Promise.all(files.map((f) => text(f, unread)));
    const url = texts.map((t, i) => serverUrlOf(t, path.dirname(files[i]!))).find(Boolean);
    for (const [i, t] of texts.entries())
      for (const p of gatewayPrograms(t, host.homedir, path.dirname(files[i]!)))
        gateways.push({
          home: p.home,
          label: p.name,
          service: { manager: 'supervisord', program: p.name, ...(url ? { supervisor_url: url } : {}) },
        });
  }
  return { gateways, unread };
}

/** Every service folder whose `run` execs a gateway: in each live runsvdir's folder and runit's own places. */
export async function runitFinds(live: readonly string[], host: Host): Promise<BoxFinds> {
  const unread: Unread[] = [];
  const gateways: BoxGateway[] = [];
  for (const parent of unique([...live, ...host.runitDirs]))
    for (const entry of await entries(parent, unread)) {
      const dir = path.join(parent, entry);
      const home = await homeOfRun(dir, host.homedir);
      if (home) gateways.push({ home, label: entry, service: { manager: 'runit', program: dir } });
    }
  return { gateways, unread };
}

/** Every unit whose ExecStart runs a gateway: the system's, and the user's own (`systemctl --user`). */
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
