// `gatewatch logs` on a log gatewatch's user may not read (issue 80 item 5): it said a bare `EACCES`. Now whose file it
// is, who gatewatch runs as, and the narrowest way to read it, as `validate` says it. Played as a person meets it: the
// built CLI run as another user (nobody) against a gateway's log of its own user, mode 0600 and 0640.
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/paths.js';

const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

/** A home whose log belongs to `uid:gid` with `mode`, in folders anyone may enter. */
function home(uid: number, gid: number, mode: number): { dir: string; config: string; log: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-logs-eacces-'));
  chmodSync(dir, 0o755);
  mkdirSync(path.join(dir, 'hermes', 'logs'), { recursive: true, mode: 0o755 });
  const log = path.join(dir, 'hermes', 'logs', 'gateway.log');
  writeFileSync(log, '2026-01-01 00:00:00,000 INFO gateway.run: hello\n');
  chownSync(log, uid, gid);
  chmodSync(log, mode);
  const config = path.join(dir, 'config.yaml');
  writeFileSync(
    config,
    `state_dir: ${dir}/state\ntargets: [{ name: box, hermes_home: ${dir}/hermes, service: { manager: none } }]\n`,
  );
  chmodSync(config, 0o644);
  return { dir, config, log };
}

/** The built CLI as nobody. */
function asNobody(dir: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [CLI, ...args], {
    uid: NOBODY,
    gid: NOBODY,
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: dir, USER: 'nobody', GATEWATCH_LOG_LEVEL: 'error', ...env },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise<{ code: number | null; out: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, out })),
  );
}

describe.runIf(isRoot)('gatewatch logs on a log it may not read', { timeout: 60_000 }, () => {
  it('says whose file it is and to run gatewatch as its user: no bare EACCES (en, zh-CN)', async () => {
    const { dir, config } = home(4242, 4242, 0o600);
    const r = await asNobody(dir, ['logs', '--config', config], { LANG: 'en_US.UTF-8' });
    expect(r.out).toContain('Cannot read');
    expect(r.out).not.toMatch(/^\s*EACCES\s*$/m);
    expect(r.out).toContain(
      "It belongs to uid 4242 (mode 0600) and gatewatch runs as nobody: run gatewatch as the gateway's user (uid 4242)",
    );
    const zh = await asNobody(dir, ['logs', '--config', config], { LANG: 'zh_CN.UTF-8' });
    expect(zh.out).toContain('它属于 uid 4242（权限 0600），而 gatewatch 以 nobody 身份运行');
  });

  it('a log its group may read: the group membership that reads it', async () => {
    // daemon (1:1) is in every Debian's passwd and group files.
    const { dir, config } = home(1, 1, 0o640);
    const r = await asNobody(dir, ['logs', '--config', config], { LANG: 'en_US.UTF-8' });
    expect(r.out).toContain('It belongs to daemon, group daemon (mode 0640), and gatewatch runs as nobody');
    expect(r.out).toContain('`sudo usermod -aG daemon nobody`');
  });
});
