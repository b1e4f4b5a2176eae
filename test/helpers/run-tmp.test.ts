import { existsSync, statSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { runTmp, stragglers, usersIn } from './run-tmp.js';
import { cleanup, trackPid } from './probe-procs.js';

describe("the test run's temp directory", () => {
  it('is where the tests and the processes they start make their temp files', () => {
    expect(path.basename(os.tmpdir())).toMatch(/^gw-suite-/);
    expect(process.env.TMPDIR).toBe(os.tmpdir());
    // Short enough that the paths tests build in it still fit a unix socket as they did in /tmp.
    expect(os.tmpdir().length).toBeLessThanOrEqual(24);
    // And open to a second user, as /tmp is (the tests that play one, as root, have it make things in here).
    expect(statSync(os.tmpdir()).mode & 0o7777).toBe(0o1777);
  });

  it("finds what the run's tests left behind, and not a process a live one of the run still holds, nor another run's", async () => {
    const here = process.env.GATEWATCH_TEST_RUN_TMP!;
    // Orphaned as a demo gateway is: started by a process that is gone (its pid said on stdout).
    const starter = spawn(
      'sh',
      ['-c', `"$0" -e 'setInterval(() => {}, 1 << 30)' gateway run & echo $!`, process.execPath],
      {
        stdio: ['ignore', 'pipe', 'ignore'],
        // A home of its own: a stand-in `gateway run` of ~/.hermes is every other test's duplicate gateway.
        env: { ...process.env, HERMES_HOME: `/nonexistent/gw-run-tmp-${process.pid}` },
      },
    );
    const orphan = Number((await new Promise<string>((r) => starter.stdout.once('data', (b) => r(String(b))))).trim());
    await new Promise((r) => starter.once('exit', r));
    // A lifeline: this worker's child, alive as long as the worker is.
    const held = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], {
      stdio: 'ignore',
      env: { ...process.env, GATEWATCH_TEST_RUN_TMP: `${here}-other` },
    });
    for (const pid of [orphan, held.pid!, other.pid!]) trackPid(pid);
    try {
      // As the run's end asks it, from vitest's main process: this worker is its child.
      const pids = stragglers(here, process.ppid).map((p) => p.pid);
      expect(pids).toContain(orphan);
      expect(pids).not.toContain(held.pid);
      expect(pids).not.toContain(other.pid);
      expect(pids).not.toContain(process.pid);
    } finally {
      await cleanup();
    }
  });

  it("names the users a test made with homes in it, and no other (the run's end removes them)", () => {
    const passwd = [
      'root:x:0:0:root:/root:/bin/bash',
      'gwsuite1ru:x:2346:2346::/tmp/gw-suite-AbC/gw-own-user-x/dev:/usr/sbin/nologin',
      'other:x:2347:2347::/tmp/gw-suite-AbCd/dev:/usr/sbin/nologin',
      'broken:x:1',
      '',
    ].join('\n');
    expect(usersIn(passwd, '/tmp/gw-suite-AbC')).toEqual(['gwsuite1ru']);
  });

  it('is removed with all that is in it', () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'gw-suite-test-'));
    const run = runTmp(parent);
    const deep = path.join(run.dir, 'home', '.hermes', 'logs');
    mkdirSync(deep, { recursive: true });
    writeFileSync(path.join(deep, 'gateway.log'), 'x\n');
    mkdirSync(path.join(run.dir, 'state'), { mode: 0o500 });
    expect(run.remove()).toBeUndefined();
    expect(existsSync(run.dir)).toBe(false);
    expect(readdirSync(parent)).toEqual([]);
  });
});
