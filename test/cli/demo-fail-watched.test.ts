// `gatewatch demo fail` from a second terminal while the playground's daemon runs and its gateway is down (issue 80
// item 4): it said "the demo gateway is not running …; start it with: npx gatewatch demo", a second daemon. With a
// daemon holding this state_dir it says that daemon watches it and how to start the gateway again: its heal.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli-run.js';

const holder = spawn('sleep', ['120'], { stdio: 'ignore' });
afterAll(() => void holder.kill('SIGKILL'));

describe('demo fail with the demo gateway down', { timeout: 60_000 }, () => {
  it.each([
    [
      'a daemon watches it',
      true,
      /gatewatch \(pid \d+\) watches it and says when it is back\. Start it again with: (npx )?gatewatch demo heal/,
    ],
    ['no daemon runs', false, /start it with: (npx )?gatewatch demo$/m],
  ])('%s', async (_label, watched, said) => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-demo-fail-'));
    const state = path.join(home, '.local', 'state', 'gatewatch');
    mkdirSync(state, { recursive: true, mode: 0o700 });
    // The daemon's lock as a daemon writes it: its pid (a live process here).
    if (watched) writeFileSync(path.join(state, 'gatewatch.pid'), JSON.stringify({ pid: holder.pid }));
    const r = await runCli(home, ['demo', 'fail', 'crash'], { env: { LANG: 'en_US.UTF-8' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(said);
    if (watched) expect(r.stderr).not.toContain('start it with');
  });
});
