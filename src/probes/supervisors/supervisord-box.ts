// `init`'s reading of supervisord's files (src/probes/supervisors/supervisord.ts box()): loaded only by init.
import path from 'node:path';
import { readdir } from '../../util/file-calls.js';
import { passwdHomes } from '../../util/accounts.js';
import type { Host } from '../host.js';
import { entries, text } from './box-read.js';
import { gatewayPrograms, serverUrlOf } from './supervisord-conf.js';
import type { BoxFinds, BoxGateway, Unread } from './types.js';

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
 * `init`: every program that runs a gateway in supervisord's files: each live supervisord's configuration and what it
 * includes, and the host's own places (Debian's, RHEL's); its server the one its configuration names.
 */
export async function supervisordBox(host: Host, places: readonly string[]): Promise<BoxFinds> {
  const unread: Unread[] = [];
  const gateways: BoxGateway[] = [];
  const sets: string[][] = [];
  for (const conf of [...new Set(places.map((p) => path.resolve(p)))])
    sets.push([conf, ...(await included(conf, await text(conf, unread), unread))]);
  // The host's places: files, and folders of them.
  const own: string[] = [];
  for (const p of host.supervisorConfs) {
    const list = await readdir(p).catch(() => undefined);
    if (list) own.push(...list.filter((f) => /\.(conf|ini)$/.test(f)).map((f) => path.join(p, f)));
    else own.push(p);
  }
  sets.push(own);
  const homeOf = await passwdHomes();
  for (const files of sets) {
    const texts = await Promise.all(files.map((f) => text(f, unread)));
    const url = texts.map((t, i) => serverUrlOf(t, path.dirname(files[i]!))).find(Boolean);
    for (const [i, t] of texts.entries())
      for (const p of gatewayPrograms(t, host.homedir, path.dirname(files[i]!), homeOf))
        gateways.push({
          home: p.home,
          label: p.name,
          service: { manager: 'supervisord', program: p.name, ...(url ? { supervisor_url: url } : {}) },
        });
  }
  return { gateways, unread };
}
