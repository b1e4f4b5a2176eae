// A hostile neighbour on the same host: another user binds gatewatch's control socket (or the directory it lives in)
// first. As root the test plays that user (uid 65534) for real; as anyone else it cannot, and says so.
import { execFile, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { socketPath } from '../../src/control/protocol.js';
import { startControlServer, type ControlCore } from '../../src/control/server.js';
import { CLI } from '../helpers/paths.js';

const run = promisify(execFile);
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

async function gatewatch(home: string, args: string[]) {
  try {
    const r = await run(process.execPath, [CLI, ...args], {
      env: { ...process.env, HOME: home, GATEWATCH_LOG_LEVEL: 'error' },
      timeout: 30_000,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A listener bound by another user at `file` that answers like a daemon and notes anything sent to it. */
async function squat(file: string) {
  const script = `
    const fs = require('node:fs');
    const s = require('node:net').createServer((c) => {
      c.write(JSON.stringify({ daemon: { v: 1, pid: 1 } }) + '\\n');
      c.on('data', () => { fs.writeFileSync(process.argv[1] + '.got', 'x'); c.end(JSON.stringify({ end: true, exit: 0 }) + '\\n'); });
    });
    s.listen(process.argv[1], () => { fs.chmodSync(process.argv[1], 0o777); process.stdout.write('ready\\n'); });`;
  const child = spawn(process.execPath, ['-e', script, file], {
    uid: NOBODY,
    gid: NOBODY,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (c) => reject(new Error(`the squatter exited ${c}`)));
  });
  return child;
}

describe.skipIf(!asRoot)('a control socket that is not ours (as root, playing a second user)', () => {
  it('the CLI refuses a socket another user owns: it says so, exits 75, and neither talks to it nor runs the command itself', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-squat-'));
    chmodSync(home, 0o755);
    const stateDir = path.join(home, '.local', 'state', 'gatewatch');
    mkdirSync(stateDir, { recursive: true });
    chmodSync(stateDir, 0o777);
    const sock = path.join(stateDir, 'gatewatch.sock');
    const squatter = await squat(sock);
    try {
      // A directory open to all is refused by itself; closed again, the socket inside still belongs to the other user.
      const open = await gatewatch(home, ['mute', '10m']);
      expect(open.stderr).toMatch(
        /gatewatch: refusing the control socket .*: .*gatewatch can be written by any user \(mode 777\)/,
      );
      expect(open.code).toBe(75);
      chmodSync(stateDir, 0o755);
      const r = await gatewatch(home, ['mute', '10m']);
      expect(r.stderr).toMatch(
        /^gatewatch: refusing the control socket .*gatewatch\.sock: .*gatewatch\.sock belongs to uid 65534, not to this user/,
      );
      expect(r.code).toBe(75);
      expect(r.stdout).toBe('');
      expect(existsSync(`${sock}.got`)).toBe(false);
      // Not run here behind the socket's back either: no mute was recorded in the state.
      expect(existsSync(path.join(stateDir, 'state.json'))).toBe(false);
    } finally {
      squatter.kill('SIGKILL');
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('a daemon whose socket directory another user made first refuses it, says why, and serves from a private directory of its own', async () => {
    const stateDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'gw-squat-')), 'x'.repeat(100), 'state');
    const dir = path.dirname(socketPath(stateDir, { TMPDIR: os.tmpdir() }));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { mode: 0o777 });
    chownSync(dir, NOBODY, NOBODY);
    try {
      const core = { log: pino({ level: 'silent' }) } as unknown as ControlCore;
      const s = await startControlServer(core, stateDir);
      try {
        expect(s.aside).toEqual({
          refused: socketPath(stateDir, { TMPDIR: os.tmpdir() }),
          why: { key: 'control.untrusted.owner', params: { path: dir, owner: NOBODY, uid: 0 } },
        });
        // Not in the neighbour's directory (nor in the fallback below it): a fresh one, 0700, this user's.
        expect(s.path.startsWith(dir + path.sep)).toBe(false);
        const st = statSync(path.dirname(s.path));
        expect({ mode: (st.mode & 0o777).toString(8), uid: st.uid }).toEqual({ mode: '700', uid: 0 });
      } finally {
        await s.close();
      }
      expect(existsSync(s.path)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(asRoot)('a control socket that is not ours', () => {
  it.skip('needs root to play a second user (uid 65534): run the suite as root to check it', () => {});
});
