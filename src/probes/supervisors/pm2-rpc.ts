// pm2's God daemon answers its CLI on `<PM2_HOME>/rpc.sock` in axon's request and reply (pm2's own modules pm2-axon
// and pm2-axon-rpc, framed by amp): a byte (version 1 in the high nibble, the argument count in the low), then each
// argument as a 4-byte big-endian length and its bytes, `j:` and JSON or `s:` and a string. A request ends with its
// id, which its reply ends with too. gatewatch asks here and not through `pm2 jlist` because pm2's CLI starts a daemon
// wherever none answers: a daemon that died after gatewatch saw its pid was started again, by a look, in somebody
// else's home. A socket that does not answer is only that.
import path from 'node:path';
import { monotonicMs } from '../../util/clock.js';
import { lstat } from '../../util/file-calls.js';
import { MiB } from '../../util/read-capped.js';

/** The most of a reply read: a list of many apps, each with its whole environment, is a few MB. */
const MAX_REPLY = 32 * MiB;
const ID = 'gatewatch:0';

function frame(args: readonly string[]): Buffer {
  const parts = args.map((a) => Buffer.from(a));
  const head = Buffer.alloc(1 + 4 * parts.length);
  head[0] = (1 << 4) | parts.length;
  const out: Buffer[] = [head.subarray(0, 1)];
  parts.forEach((p, i) => {
    head.writeUInt32BE(p.length, 1 + 4 * i);
    out.push(head.subarray(1 + 4 * i, 5 + 4 * i), p);
  });
  return Buffer.concat(out);
}

/** A whole message's arguments, or how many bytes it takes when `buf` holds less (Infinity while its head is short). */
function unframe(buf: Buffer): Buffer[] | number {
  if (buf.length < 1) return Number.POSITIVE_INFINITY;
  const argc = buf[0]! & 0xf;
  const args: Buffer[] = [];
  let off = 1;
  for (let i = 0; i < argc; i++) {
    if (buf.length < off + 4) return Number.POSITIVE_INFINITY;
    const len = buf.readUInt32BE(off);
    off += 4;
    if (buf.length < off + len) return off + len;
    args.push(buf.subarray(off, off + len));
    off += len;
  }
  return args;
}

const unpack = (arg: Buffer): unknown => {
  const tag = arg.subarray(0, 2).toString();
  if (tag === 'j:') return JSON.parse(arg.subarray(2).toString());
  return tag === 's:' ? arg.subarray(2).toString() : arg;
};

/**
 * What the daemon of `home` answers to `method` (its `args` as pm2's CLI passes them): `getMonitorData` is the list
 * `pm2 jlist` prints. Rejects with a short reason where it does not answer: no socket, refused, not in time; a path
 * that is not a socket, or (`owner`) one another user than the daemon's owns.
 */
export async function pm2Call(
  home: string,
  method: string,
  args: unknown[],
  o: { timeoutMs: number; owner?: number },
): Promise<unknown> {
  const { timeoutMs } = o;
  // The daemon's own socket, not a link a home's owner put there to have a gatewatch run as root write to another.
  const st = await lstat(path.join(home, 'rpc.sock')).catch((e: NodeJS.ErrnoException) => {
    throw new Error(WHY[e.code ?? ''] ?? e.code ?? e.message);
  });
  if (!st.isSocket()) throw new Error('rpc.sock is not a socket');
  if (o.owner !== undefined && st.uid !== o.owner) throw new Error(`rpc.sock is not its daemon's (uid ${st.uid})`);
  // node:net when a daemon is there to ask: a check of a home no pm2 runs never loads it.
  const { createConnection } = await import('node:net');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let have = 0;
    let need = 1;
    const sock = createConnection(path.join(home, 'rpc.sock'));
    const settle = (e: Error | undefined, value?: unknown) => {
      sock.destroy();
      if (e) reject(e);
      else resolve(value);
    };
    const fail = (why: string) => settle(new Error(why));
    const late = () => fail(`no answer in ${Math.round(timeoutMs / 1000)}s`);
    // Silent for the time, or still answering after it (a peer that sends a byte at a time).
    const started = monotonicMs();
    sock.setTimeout(timeoutMs, late);
    sock.on('error', (e: NodeJS.ErrnoException) => fail(WHY[e.code ?? ''] ?? e.code ?? e.message));
    sock.on('end', () => fail('it closed the connection'));
    sock.on('connect', () => sock.write(frame([`j:${JSON.stringify({ type: 'call', method, args })}`, `s:${ID}`])));
    sock.on('data', (chunk: Buffer) => {
      if (monotonicMs() - started > timeoutMs) return late();
      chunks.push(chunk);
      have += chunk.length;
      if (have > MAX_REPLY) return fail(`an answer of over ${MAX_REPLY / MiB} MB`);
      if (have < need) return;
      const buf = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      chunks.splice(0, chunks.length, buf);
      const msg = unframe(buf);
      if (typeof msg === 'number') {
        need = Number.isFinite(msg) ? msg : have + 1;
        return;
      }
      try {
        const [reply, id] = msg.map(unpack);
        if (id !== ID) throw new Error('an answer to another question');
        const r = reply as { error?: unknown; args?: unknown[] } | null;
        if (r?.error !== undefined) throw new Error(String(r.error));
        settle(undefined, r?.args?.[0]);
      } catch (e) {
        settle(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}

/** What a refused connection means, in an operator's words. */
const WHY: Record<string, string> = {
  ENOENT: 'no rpc.sock',
  ECONNREFUSED: 'rpc.sock refused the connection',
  EACCES: 'rpc.sock: permission denied',
};
