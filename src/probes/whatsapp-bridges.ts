// WhatsApp bridges on this host (hermes-gateway-current.md §8.8, #87833): a restart can leave the previous gateway's
// `node …/scripts/whatsapp-bridge/bridge.js --port <P> --session <home>/platforms/whatsapp/session` alive on the port;
// the new gateway's bridge then dies on EADDRINUSE after its login invalidated the survivor's session, and WhatsApp
// reads `connected` while nothing arrives. Scanned only when bridge.log says the newest bridge could not bind. A port
// is no proof of ownership (#78365): a bridge counts as this home's only when its --session is this home's session.
// /proc is read asynchronously, each read capped, the whole scan under a deadline; Linux only.
import { readProcEntry, scanProcs } from './proc-scan.js';
import path from 'node:path';
import type { BridgeProcess, BridgeProcessEvidence } from '../evidence.js';
import { ticksToStartedAt } from './process.js';
import { KiB } from '../util/read-capped.js';
import { canonicalPath } from '../util/paths.js';
import { redact } from '../util/redact.js';
import { identityOf } from './proc-identity.js';

const DEFAULT_TIMEOUT_MS = 4000;
const BRIDGE_SCRIPT = /(?:^|[\\/])whatsapp-bridge[\\/]bridge\.js$/;

/** `bridge.js --port <P> --session <dir>` (the script's usage line); undefined when argv does not run the bridge. */
export function parseBridgeArgv(argv: readonly string[]): { port?: number; session?: string } | undefined {
  const at = argv.findIndex((a) => BRIDGE_SCRIPT.test(a));
  if (at < 0) return undefined;
  const opt = (name: string): string | undefined => {
    for (let i = at + 1; i < argv.length; i++) {
      if (argv[i] === name) return argv[i + 1];
      if (argv[i]!.startsWith(`${name}=`)) return argv[i]!.slice(name.length + 1);
    }
    return undefined;
  };
  const port = Number(opt('--port'));
  const session = opt('--session');
  return { ...(Number.isInteger(port) && port > 0 ? { port } : {}), ...(session ? { session } : {}) };
}

/** `🌉 WhatsApp bridge listening on port <P> (mode: <mode>)` [bridge.js @00561603]. */
const LISTENING = /^🌉 WhatsApp bridge listening on port (\d+)/;
/** Node's bind failure [field]: `Error: listen EADDRINUSE: address already in use 127.0.0.1:<port>`. */
const IN_USE = /EADDRINUSE: address already in use (?:\S*?):(\d+)\s*$/;

/**
 * The newest bridge could not bind its port: an EADDRINUSE after the last `listening` line of bridge.log's tail
 * (untimestamped, so order is all there is). With the `✅ WhatsApp connected!` just before it, when there is one.
 */
export function bridgePortBlocked(tail: readonly string[]): { port?: number; lines: string[] } | undefined {
  let inUse = -1;
  for (let i = tail.length - 1; i >= 0; i--) {
    const l = tail[i]!.trim();
    if (LISTENING.test(l)) return undefined;
    if (inUse < 0 && IN_USE.test(l)) inUse = i;
    if (inUse >= 0 && l === '✅ WhatsApp connected!')
      return { port: Number(IN_USE.exec(tail[inUse]!.trim())![1]), lines: [l, tail[inUse]!.trim()] };
  }
  return inUse < 0 ? undefined : { port: Number(IN_USE.exec(tail[inUse]!.trim())![1]), lines: [tail[inUse]!.trim()] };
}

const readProc = (pid: number) => readProcEntry(pid, 64 * KiB);

/** Bridge processes on this host, each judged against this process home and its live gateway. */
export async function findWhatsappBridges(
  home: string,
  opts: { gatewayPid?: number; timeoutMs?: number } = {},
): Promise<BridgeProcessEvidence> {
  const scan = await scanProcs(readProc, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  if (!scan.ok) return { checked: false, reason: scan.reason, bridges: [] };
  const { procs, partial } = scan;
  const ownSession = await canonicalPath(path.join(home, 'platforms', 'whatsapp', 'session'));
  const descends = (pid: number): boolean => {
    for (let p = procs.get(pid)?.ppid, n = 0; p && p > 1 && n < 64; p = procs.get(p)?.ppid, n++)
      if (p === opts.gatewayPid) return true;
    return false;
  };
  const bridges: BridgeProcess[] = [];
  for (const p of procs.values()) {
    const args = parseBridgeArgv(p.argv);
    if (!args) continue;
    const startedAt = await ticksToStartedAt(p.startTicks);
    bridges.push({
      pid: p.pid,
      ppid: p.ppid,
      ...(startedAt !== undefined ? { startedAt } : {}),
      cmdline: redact(p.argv.join(' ')).slice(0, 400),
      ...args,
      ownSession: args.session !== undefined && (await canonicalPath(args.session)) === ownSession,
      childOfGateway: opts.gatewayPid !== undefined && descends(p.pid),
      identity: identityOf(p.pid, p.startTicks, p.argv),
    });
  }
  bridges.sort((a, b) => a.pid - b.pid);
  return {
    checked: true,
    bridges,
    ...(partial ? { reason: `scan stopped after ${opts.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms: partial` } : {}),
  };
}
