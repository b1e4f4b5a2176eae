// Loopback ports for tests. A port found free by listening on 0 and closing is free only for a moment: another file's
// server, started meanwhile, may be given it. That is fine for a port a daemon is about to listen on (it fails loudly),
// not for one that must stay refused: a test once got a fake server's JSON where it expected ECONNREFUSED.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A loopback port free now, for a process the test starts to listen on. */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** Whether a server can listen on the loopback `port` now. */
const canListen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });

/** The first port the system hands out for port 0 (Linux's default where it cannot be read). */
function ephemeralLow(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768;
  }
}

/**
 * A loopback port for a service that is down first and comes back later in the test (a platform's API answering
 * again). freePort's port may be given to another file's server meanwhile: a full run once failed with EADDRINUSE as the
 * test's server came back. This one lies below the range the system hands out for port 0, and is claimed for the run
 * (a file in its temp directory, which every worker shares), so no other test of the run is given it.
 */
export async function comebackPort(): Promise<number> {
  const low = ephemeralLow();
  const first = Math.max(1024, low - 10_000);
  const claims = path.join(os.tmpdir(), 'gw-comeback-ports');
  mkdirSync(claims, { recursive: true });
  for (let i = 0; i < 500; i++) {
    const port = first + Math.floor(Math.random() * (low - first));
    try {
      writeFileSync(path.join(claims, String(port)), '', { flag: 'wx' });
    } catch {
      continue;
    }
    if (await canListen(port)) return port;
  }
  throw new Error(`no free loopback port to come back on between ${first} and ${low}`);
}

/** Well-known ports nothing runs on a test machine, far below the range the system hands out for port 0. */
const UNUSED = [1, 3, 5, 7, 9];

const refuses = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });

/** A loopback port every connection is refused on, for the whole test: no server of the suite can be given it. */
export async function refusedPort(): Promise<number> {
  for (const port of UNUSED) if (await refuses(port)) return port;
  throw new Error(`no refused port on 127.0.0.1 among ${UNUSED.join(', ')}`);
}
