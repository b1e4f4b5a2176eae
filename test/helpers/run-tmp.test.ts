import { existsSync, statSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { runTmp, stragglers } from './run-tmp.js';
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

  it("finds what the run's tests left running, detached or not, and nothing of another run's", async () => {
    const here = process.env.GATEWATCH_TEST_RUN_TMP!;
    const left = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)', 'gateway', 'run'], {
      detached: true,
      stdio: 'ignore',
    });
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], {
      stdio: 'ignore',
      env: { ...process.env, GATEWATCH_TEST_RUN_TMP: `${here}-other` },
    });
    trackPid(left.pid!);
    trackPid(other.pid!);
    try {
      // As the run's end asks it, from vitest's main process: this worker is its child, what the worker started is not.
      const pids = stragglers(here, process.ppid).map((p) => p.pid);
      expect(pids).toContain(left.pid);
      expect(pids).not.toContain(other.pid);
      expect(pids).not.toContain(process.pid);
    } finally {
      await cleanup();
    }
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
