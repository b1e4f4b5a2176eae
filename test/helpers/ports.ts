// Loopback ports for tests. A port found free by listening on 0 and closing is free only for a moment: another file's
// server, started meanwhile, may be given it. That is fine for a port a daemon is about to listen on (it fails loudly),
// not for one that must stay refused: a test once got a fake server's JSON where it expected ECONNREFUSED.
import net from 'node:net';

/** A loopback port free now, for a process the test starts to listen on. */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
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
