// What a socket that is not pm2's daemon, or a daemon gone wrong, answers on rpc.sock: an error of a line, never a hang,
// a list made up, or more memory than the cap. (A real daemon's answers: real-pm2-list.test.ts, pm2 4, 5 and 7.)
import { symlinkSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pm2Call } from '../../../src/probes/supervisors/pm2-rpc.js';
import { tempDir } from '../../helpers/probe-procs.js';

const servers: net.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A PM2 home whose rpc.sock answers each request with `answer(request)`. */
async function home(answer: (req: Buffer, sock: net.Socket) => void): Promise<string> {
  const dir = await tempDir('gw-pm2-rpc-');
  const server = net.createServer((sock) => sock.once('data', (req) => answer(req, sock)));
  servers.push(server);
  await new Promise<void>((r) => server.listen(path.join(dir, 'rpc.sock'), r));
  return dir;
}

/** An amp message of `args` (version 1). */
function amp(args: string[]): Buffer {
  const parts = args.map((a) => Buffer.from(a));
  const out = [Buffer.from([0x10 | parts.length])];
  for (const p of parts) {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(p.length);
    out.push(len, p);
  }
  return Buffer.concat(out);
}

/** The request's id: its last argument. */
function idOf(req: Buffer): string {
  let off = 1;
  let last = '';
  for (let i = 0; i < (req[0]! & 0xf); i++) {
    const len = req.readUInt32BE(off);
    last = req.subarray(off + 4, off + 4 + len).toString();
    off += 4 + len;
  }
  return last.slice(2);
}

describe('pm2Call', () => {
  it('asks getMonitorData as pm2 does and reads its answer, however it is cut', async () => {
    let asked: unknown;
    const dir = await home((req, sock) => {
      asked = JSON.parse(
        req
          .subarray(5, 5 + req.readUInt32BE(1))
          .toString()
          .slice(2),
      );
      const msg = amp([
        `j:${JSON.stringify({ args: [[{ name: 'hermes', pm2_env: { status: 'online' } }]] })}`,
        `s:${idOf(req)}`,
      ]);
      // A byte at a time: the head, the lengths and the arguments each cut across reads.
      const send = (i: number) => (i < msg.length ? sock.write(msg.subarray(i, i + 1), () => send(i + 1)) : undefined);
      send(0);
    });
    expect(await pm2Call(dir, 'getMonitorData', [{}], { timeoutMs: 5000 })).toEqual([
      { name: 'hermes', pm2_env: { status: 'online' } },
    ]);
    expect(asked).toEqual({ type: 'call', method: 'getMonitorData', args: [{}] });
  });

  it("says what went wrong: no socket, the daemon's error, another id, a peer that closes, never ends or trickles", async () => {
    await expect(pm2Call(await tempDir('gw-pm2-rpc-'), 'getMonitorData', [{}], { timeoutMs: 5000 })).rejects.toThrow(
      'no rpc.sock',
    );
    const error = await home((req, sock) =>
      sock.write(amp(['j:{"error":"method \\"x\\" does not exist"}', `s:${idOf(req)}`])),
    );
    await expect(pm2Call(error, 'x', [], { timeoutMs: 5000 })).rejects.toThrow('method "x" does not exist');
    const other = await home((_req, sock) => sock.write(amp(['j:{"args":[[]]}', 's:12:7'])));
    await expect(pm2Call(other, 'getMonitorData', [{}], { timeoutMs: 5000 })).rejects.toThrow('another question');
    const closes = await home((_req, sock) => sock.end(Buffer.from([0x12, 0, 0])));
    await expect(pm2Call(closes, 'getMonitorData', [{}], { timeoutMs: 5000 })).rejects.toThrow('closed the connection');
    // It says 4 GB is coming and sends nothing more: given up at the time, nothing held.
    const never = await home((_req, sock) => sock.write(Buffer.from([0x12, 0xff, 0xff, 0xff, 0xff, 0x6a])));
    await expect(pm2Call(never, 'getMonitorData', [{}], { timeoutMs: 300 })).rejects.toThrow('no answer in 0s');
    // Or it sends a byte every 50 ms, never silent for the time: given up once the time has passed all the same.
    const trickle = await home((_req, sock) => {
      const t = setInterval(() => (sock.destroyed ? clearInterval(t) : sock.write(Buffer.from([0x12]))), 50);
      sock.on('close', () => clearInterval(t));
      sock.on('error', () => {});
    });
    await expect(pm2Call(trickle, 'getMonitorData', [{}], { timeoutMs: 300 })).rejects.toThrow('no answer in 0s');
  });

  it("asks only a socket that is the daemon's: not a link to another, not one another user owns", async () => {
    let asked = 0;
    const target = await home((req, sock) => {
      asked++;
      sock.write(amp(['j:{"args":[[]]}', `s:${idOf(req)}`]));
    });
    // A home whose owner made rpc.sock a link to a socket only root may reach (a gatewatch run as root would write there).
    const linked = await tempDir('gw-pm2-rpc-');
    symlinkSync(path.join(target, 'rpc.sock'), path.join(linked, 'rpc.sock'));
    await expect(pm2Call(linked, 'getMonitorData', [{}], { timeoutMs: 5000 })).rejects.toThrow('not a socket');
    const uid = process.getuid?.() ?? 0;
    await expect(pm2Call(target, 'getMonitorData', [{}], { timeoutMs: 5000, owner: uid + 1 })).rejects.toThrow(
      `rpc.sock is not its daemon's (uid ${uid})`,
    );
    expect(asked).toBe(0);
    expect(await pm2Call(target, 'getMonitorData', [{}], { timeoutMs: 5000, owner: uid })).toEqual([]);
  });

  it('stops reading past the cap', async () => {
    const dir = await home((_req, sock) => {
      const head = Buffer.from([0x12, 0xff, 0xff, 0xff, 0xff]);
      const mb = Buffer.alloc(1024 * 1024, 0x20);
      sock.write(head);
      const more = (n: number): void => {
        if (n > 0 && !sock.destroyed) sock.write(mb, () => more(n - 1));
      };
      more(40);
      sock.on('error', () => {});
    });
    await expect(pm2Call(dir, 'getMonitorData', [{}], { timeoutMs: 30_000 })).rejects.toThrow('over 32 MB');
  });
});
