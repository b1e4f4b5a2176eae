// What a systemd unit file says of the gateway it runs: read by the adapter (src/probes/supervisors/systemd.ts) and by
// init's reading of the unit folders (./systemd-box.ts).
import type { Host } from '../host.js';
import { isGatewayRunArgv, serviceGatewayHome } from '../process.js';
import { homeDirOf } from '../../util/accounts.js';

/** A unit file value's words, a double-quoted one kept whole (`"HERMES_HOME=/srv/h" LANG=C`). */
function unitWords(v: string): string[] {
  return [...v.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

/**
 * The home a unit runs a gateway for (`ExecStart=… gateway run`): its Environment's HERMES_HOME, else `--profile`'s or
 * `~/.hermes` of its HOME (the user's for a unit that sets none). Undefined when it runs no gateway.
 */
export function unitGatewayHome(
  text: string,
  userHome: string,
  user?: { name: string; home: string | undefined },
): string | undefined {
  const lines = text.split('\n').map((l) => l.trim());
  const values = (key: string) => lines.filter((l) => l.startsWith(`${key}=`)).map((l) => l.slice(key.length + 1));
  const exec = values('ExecStart')
    .map((v) => unitWords(v.replace(/^[-@:+!]+/, '')))
    .find(isGatewayRunArgv);
  if (!exec) return undefined;
  const env: Record<string, string> = {};
  for (const kv of values('Environment').flatMap(unitWords)) {
    const eq = kv.indexOf('=');
    if (eq > 0) env[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return serviceGatewayHome(exec, env, user?.name, user?.home, userHome);
}

/**
 * The home a unit's gateway serves, as systemd runs it: a unit with `User=` serves that user's `~/.hermes` unless it
 * sets HOME or HERMES_HOME (NixOS' `User=hermes`), else `host`'s user's.
 */
export async function unitServes(text: string, host: Pick<Host, 'homedir'>): Promise<string | undefined> {
  const user = /^\s*User=(\S+)/m.exec(text)?.[1];
  return unitGatewayHome(text, host.homedir, user ? { name: user, home: await homeDirOf(user) } : undefined);
}
