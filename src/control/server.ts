// The daemon's side of the control socket: CLI commands run through the same dispatch as chat (channel `cli`, audited
// with actor `cli`), so a `gatewatch restart` in another terminal is the daemon's restart, not a second writer of
// state.json. Only the owner may connect (mode 0600); a request is one bounded line.
import net from 'node:net';
import { chmod, mkdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { unlinkSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Respond } from '../types.js';
import type { Sender } from '../../commands/index.js';
import type { CommandRequest } from '../../commands/types.js';
import type { Reply } from '../types.js';
import { redact } from '../util/redact.js';
import { runCheck, type CheckSource } from './check.js';
import { MAX_REQUEST_BYTES, PROTOCOL_VERSION, exitCodeFor, parseRequest, socketPath, untrustedSocket, type ControlLine } from './protocol.js';

/** A client that sends nothing is dropped; so is one that lingers after its answer. */
const REQUEST_TIMEOUT_MS = 10_000;
const MAX_CONNECTIONS = 32;

export interface ControlServer {
  path: string;
  close(): Promise<void>;
  /** For process exit: remove the socket file synchronously. */
  removeSync(): void;
}

/** What the daemon's socket answers with: the check, and the command bus. */
export interface ControlCore extends CheckSource {
  log: Logger;
  handle(msg: { channel: string; senderId: string; text: string }, respond: Respond): Promise<void>;
  handleRequest(from: Sender, req: CommandRequest, respond: Respond): Promise<void>;
}

export async function startControlServer(app: ControlCore, stateDir: string): Promise<ControlServer> {
  const file = socketPath(stateDir);
  // A directory of its own (the temp dir fallback): created 0700; one that exists must be ours and closed to others.
  if (path.dirname(file) !== path.resolve(stateDir)) await mkdir(path.dirname(file), { mode: 0o700 }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  const why = untrustedSocket(file);
  if (why) throw new Error(`refusing the control socket ${file}: ${why}`);
  // The caller holds the daemon lock: a socket file here is a leftover of a daemon that was killed.
  await unlink(file).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
  const conns = new Set<net.Socket>();
  // Half-open: a client may send its request and shut its side (`nc -U -N`) and still read the answer.
  const server = net.createServer({ allowHalfOpen: true }, (sock) => {
    conns.add(sock);
    sock.once('close', () => conns.delete(sock));
    serve(app, sock);
  });
  server.maxConnections = MAX_CONNECTIONS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // bind() runs inside listen(): the socket file is created 0600, never briefly open to others.
    const umask = process.umask(0o177);
    try {
      server.listen(file, () => {
        server.off('error', reject);
        resolve();
      });
    } finally {
      process.umask(umask);
    }
  });
  await chmod(file, 0o600);
  server.on('error', (err) => app.log.error({ err }, 'control socket error'));
  const removeSync = () => {
    try {
      unlinkSync(file);
    } catch {
      // gone already
    }
  };
  return {
    path: file,
    removeSync,
    async close() {
      const closed = new Promise<void>((r) => server.close(() => r()));
      for (const c of conns) c.destroy();
      await closed;
      removeSync();
    },
  };
}

function serve(app: ControlCore, sock: net.Socket): void {
  let buf = '';
  let bytes = 0;
  let answered = false;
  sock.setEncoding('utf8');
  sock.setTimeout(REQUEST_TIMEOUT_MS, () => (answered ? sock.destroy() : finish(2, 'no request within 10 s')));
  sock.on('error', () => undefined);
  const send = (line: ControlLine) => {
    if (!sock.destroyed && sock.writable) sock.write(JSON.stringify(line) + '\n');
  };
  function finish(exit: number, error?: string) {
    answered = true;
    send(error ? { end: true, exit, error } : { end: true, exit });
    sock.end();
    // Whatever the client still sends is read and dropped until it closes, or until the timeout.
    sock.setTimeout(REQUEST_TIMEOUT_MS);
  }
  const take = (line: string) => {
    answered = true;
    sock.setTimeout(0);
    void answer(app, line, send).then(
      (r) => finish(r.exit, r.error),
      (err: Error) => {
        app.log.error({ err }, 'control request failed');
        finish(1, redact(err.message));
      },
    );
  };
  send({ daemon: { v: PROTOCOL_VERSION, pid: process.pid } });
  sock.on('data', (chunk: string) => {
    if (answered) return;
    bytes += Buffer.byteLength(chunk);
    const nl = chunk.indexOf('\n');
    buf += nl < 0 ? chunk : chunk.slice(0, nl);
    if (Buffer.byteLength(buf) > MAX_REQUEST_BYTES || (nl < 0 && bytes > MAX_REQUEST_BYTES)) return finish(2, `request too large (max ${MAX_REQUEST_BYTES} bytes)`);
    if (nl >= 0) take(buf);
  });
  sock.on('end', () => {
    // The client shut its side: a last line without a newline is still its request.
    if (answered) sock.end();
    else if (buf.trim()) take(buf);
    else finish(2, 'no request');
  });
}

async function answer(app: ControlCore, line: string, send: (l: ControlLine) => void): Promise<{ exit: number; error?: string }> {
  const req = parseRequest(line);
  if ('error' in req) return { exit: 2, error: req.error };
  if ((req.command ?? req.text?.split(/\s+/)[0]) === 'check') {
    const c = await runCheck(app);
    if (req.json) send({ check: c.summary });
    else for (const reply of c.replies) send({ reply });
    return { exit: c.exit };
  }
  const replies: Reply[] = [];
  const respond = async (reply: Reply) => {
    replies.push(reply);
    send({ reply });
  };
  if (req.command) await app.handleRequest({ channel: 'cli', senderId: 'local' }, { command: req.command, args: req.args ?? {} }, respond);
  else await app.handle({ channel: 'cli', senderId: 'local', text: `/${req.text}` }, respond);
  return { exit: exitCodeFor(replies) };
}
