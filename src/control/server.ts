// The daemon's side of the control socket: CLI commands run through the same dispatch as chat (channel `cli`, audited
// with actor `cli`), so a `gatewatch restart` in another terminal is the daemon's restart, not a second writer of
// state.json. Only the owner may connect (mode 0600); a request is one bounded line.
import net from 'node:net';
import { chmod, mkdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { mkdtempSync, rmdirSync, unlinkSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Respond } from '../types.js';
import type { Sender } from '../../commands/index.js';
import { cliCommand, socketCommands } from '../../commands/registry.js';
import type { CommandRequest } from '../../commands/types.js';
import type { Reply } from '../types.js';
import { phrase, t, type Phrase } from '../i18n.js';
import { redact } from '../util/redact.js';
import { runCheck, type CheckSource } from './check.js';
import { ensurePrivateDir, fallbackSocketPath, removeMade, userTmpDir } from './fallback.js';
import {
  EX_TEMPFAIL,
  MAX_REQUEST_BYTES,
  PROTOCOL_VERSION,
  exitCodeFor,
  parseRequest,
  socketPath,
  untrustedSocket,
  type ControlLine,
} from './protocol.js';
import { runEnv, tmpDir } from '../util/run-env.js';

/** A client that sends nothing is dropped; so is one that lingers after its answer. */
const REQUEST_TIMEOUT_MS = 10_000;
const MAX_CONNECTIONS = 32;

export interface ControlServer {
  path: string;
  /** Served elsewhere than socketPath(): the path refused there, and why. */
  aside?: { refused: string; why: Phrase };
  close(): Promise<void>;
  /** For process exit: remove the socket file synchronously. */
  removeSync(): void;
}

/** What the daemon's socket answers with: the check, and the command bus. */
export interface ControlCore {
  /** What a check reads: the config and a look at each target. */
  core: CheckSource;
  log: Logger;
  handle(msg: { channel: string; senderId: string; text: string }, respond: Respond): Promise<void>;
  handleRequest(from: Sender, req: CommandRequest, respond: Respond): Promise<void>;
}

/**
 * Listen at `<state_dir>/gatewatch.sock` (socketPath); a state_dir that refuses the socket (read-only, gone) gets it
 * in its fallback directory instead, where the CLI looks next. A socket path that is not ours to trust (a state_dir
 * any user may write, or something another user planted there) is never used, and never stops the watchdog either:
 * the socket goes to the fallback directory, else to a fresh private directory (the daemon's lock tells the CLI where,
 * src/cli/daemon.ts); NoControlSocket when there is nowhere at all.
 */
export async function startControlServer(
  app: ControlCore,
  stateDir: string,
  env: NodeJS.ProcessEnv = runEnv(),
): Promise<ControlServer> {
  const file = socketPath(stateDir, env);
  let aside: { refused: string; why: Phrase };
  try {
    return await listenAt(app, file, path.dirname(file) !== path.resolve(stateDir));
  } catch (err) {
    aside =
      err instanceof RefusedSocket
        ? { refused: err.socket, why: err.why }
        : { refused: file, why: { key: 'control.socket.error', params: { error: (err as Error).message } } };
  }
  const spare = fallbackSocketPath(stateDir, env);
  let spareError: string;
  let made: string[] = [];
  try {
    made = ensurePrivateDir(path.dirname(spare));
    return { ...withMade(await listenAt(app, spare, false), made), aside };
  } catch (err) {
    removeMade(made);
    spareError = `${spare}: ${(err as Error).message}`;
  }
  // mkdtemp: a name nobody can guess, made by us, 0700; it goes when the daemon does.
  let dir: string | undefined;
  try {
    dir = mkdtempSync(`${userTmpDir(env)}-`);
    const s = await listenAt(app, path.join(dir, 'gatewatch.sock'), false);
    const own = dir;
    const removeSync = () => {
      s.removeSync();
      try {
        rmdirSync(own);
      } catch {
        // gone already
      }
    };
    return { path: s.path, aside, removeSync, close: async () => (await s.close(), removeSync()) };
  } catch (err) {
    try {
      if (dir) rmdirSync(dir);
    } catch {
      // not empty or gone: left as it is
    }
    throw new NoControlSocket(
      aside.refused,
      aside.why,
      `${spareError}; ${dir ?? tmpDir(env)}: ${(err as Error).message}`,
    );
  }
}

/** No socket could be served anywhere: `refused` and `why` as for an aside, `tried` the other places and their errors. */
export class NoControlSocket extends Error {
  constructor(
    readonly refused: string,
    readonly why: Phrase,
    readonly tried: string,
  ) {
    super(`no control socket: ${refused}: ${phrase('en', why)}; ${tried}`);
  }
}

/** The socket path is not this user's to trust: never listened on; the socket goes elsewhere (startControlServer). */
export class RefusedSocket extends Error {
  constructor(
    readonly socket: string,
    readonly why: Phrase,
  ) {
    super(`refusing the control socket ${socket}: ${phrase('en', why)}`);
  }
}

/** The server, the directories made for it removed once its socket is (only those, and only while empty). */
function withMade(s: ControlServer, made: readonly string[]): ControlServer {
  if (!made.length) return s;
  const removeSync = () => (s.removeSync(), removeMade(made));
  return { ...s, removeSync, close: async () => (await s.close(), removeMade(made)) };
}

async function listenAt(app: ControlCore, file: string, ownDir: boolean): Promise<ControlServer> {
  // A directory of its own (the temp dir fallback): created 0700; one that exists must be ours and closed to others.
  const made = ownDir
    ? await mkdir(path.dirname(file), { mode: 0o700 }).then(
        () => [path.dirname(file)],
        (err: NodeJS.ErrnoException) => {
          if (err.code !== 'EEXIST') throw err;
          return [];
        },
      )
    : [];
  try {
    const why = untrustedSocket(file);
    if (why) throw new RefusedSocket(file, why);
    return withMade(await serveAt(app, file), made);
  } catch (err) {
    removeMade(made);
    throw err;
  }
}

async function serveAt(app: ControlCore, file: string): Promise<ControlServer> {
  // The caller holds the daemon lock: a socket file here is a leftover of a daemon that was killed.
  await unlink(file).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
  const conns = new Set<net.Socket>();
  // Half-open: a client may send its request and shut its side (`nc -U -N`) and still read the answer.
  let serving = 0;
  const server = net.createServer({ allowHalfOpen: true }, (sock) => {
    conns.add(sock);
    sock.once('close', () => conns.delete(sock));
    // Past the limit a client is told so (the CLI waits and asks again) instead of being cut off unanswered, which
    // it would meet as EPIPE on its request (server.maxConnections closes a connection before a word is said).
    if (serving >= MAX_CONNECTIONS) return refuse(sock, `busy: ${MAX_CONNECTIONS} control connections are open`);
    serving++;
    // A connection counts until its answer is out: one lingering for its client to hang up takes no request.
    let counted = true;
    const done = () => {
      if (counted) serving--;
      counted = false;
    };
    sock.once('close', done);
    serve(app, sock, done);
  });
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

function refuse(sock: net.Socket, error: string): void {
  sock.on('error', () => undefined);
  // Whatever the client sends is read and dropped (unread bytes would turn our close into a reset).
  sock.resume();
  sock.setTimeout(REQUEST_TIMEOUT_MS, () => sock.destroy());
  const line: ControlLine = { end: true, exit: EX_TEMPFAIL, error, busy: true };
  sock.end(JSON.stringify(line) + '\n');
}

function serve(app: ControlCore, sock: net.Socket, freeSlot: () => void): void {
  let buf = '';
  let bytes = 0;
  let answered = false;
  // The answer is being made: the client's end of its side must not end ours before it is sent.
  let answering = false;
  sock.setEncoding('utf8');
  // A client that breaks the protocol (by hand, `nc -U`) is told why in the daemon's language.
  const locale = app.core.config.locale;
  sock.setTimeout(REQUEST_TIMEOUT_MS, () =>
    answered
      ? sock.destroy()
      : finish(2, t(locale, 'control.error.no_request_within', { seconds: REQUEST_TIMEOUT_MS / 1000 })),
  );
  sock.on('error', () => undefined);
  const send = (line: ControlLine) => {
    if (!sock.destroyed && sock.writable) sock.write(JSON.stringify(line) + '\n');
  };
  function finish(exit: number, error?: string) {
    answered = true;
    answering = false;
    send(error ? { end: true, exit, error } : { end: true, exit });
    sock.end();
    freeSlot();
    // Whatever the client still sends is read and dropped until it closes, or until the timeout.
    sock.setTimeout(REQUEST_TIMEOUT_MS);
  }
  const take = (line: string) => {
    answered = true;
    answering = true;
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
    if (Buffer.byteLength(buf) > MAX_REQUEST_BYTES || (nl < 0 && bytes > MAX_REQUEST_BYTES))
      return finish(2, t(locale, 'control.error.too_large', { max: MAX_REQUEST_BYTES }));
    if (nl >= 0) take(buf);
  });
  sock.on('end', () => {
    // The client shut its side (`nc -N`, `printf … | socat`): it still reads the answer under way, and a last line
    // without a newline is still its request.
    if (answering) return;
    if (answered) sock.end();
    else if (buf.trim()) take(buf);
    else finish(2, t(locale, 'control.error.no_request'));
  });
}

async function answer(
  app: ControlCore,
  line: string,
  send: (l: ControlLine) => void,
): Promise<{ exit: number; error?: string }> {
  const req = parseRequest(
    line,
    socketCommands.map((c) => c.name),
  );
  if ('error' in req) return { exit: 2, error: phrase(app.core.config.locale, req.error) };
  // A verb answered with the check's findings (`check`), not through the command bus.
  if (cliCommand(req.command ?? req.text?.split(/\s+/)[0] ?? '')?.cli?.findings) {
    const c = await runCheck(app.core);
    if (req.json) send({ check: c.summary });
    else for (const reply of c.replies) send({ reply });
    return { exit: c.exit };
  }
  const replies: Reply[] = [];
  const respond = async (reply: Reply) => {
    replies.push(reply);
    send({ reply });
  };
  if (req.command)
    await app.handleRequest(
      { channel: 'cli', senderId: 'local' },
      { command: req.command, args: req.args ?? {} },
      respond,
    );
  else await app.handle({ channel: 'cli', senderId: 'local', text: `/${req.text}` }, respond);
  return { exit: exitCodeFor(replies) };
}
