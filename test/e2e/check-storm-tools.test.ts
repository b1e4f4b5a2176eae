// The disconnect storm's long tool calls, through the built CLI: `gatewatch check` on a home served by a stand-in
// gateway whose gateway.log is a QQ connect/drop storm (test/fixtures/logs/storm.log) and whose agent.log holds the
// tool call that blocked the loop, both moved to end a moment ago. The call's time is said in the reader's units in
// each locale (`terminal (5m 22s)`, `terminal（5 分钟 22 秒）`), as the detector table shows it worded
// (test/helpers/detector-cases.ts), not as the English string it once was in both.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { localTime } from '../helpers/evidence.js';
import { idleGatewayHome } from '../helpers/live-gateway.js';
import { CLI, TEST_DIR } from '../helpers/paths.js';
import { cleanup, tempDir, trackPid } from '../helpers/probe-procs.js';
import { retimeLines } from '../helpers/retime.js';

const run = promisify(execFile);
afterEach(cleanup);

/** When the detector table reads storm.log (its case's `now`). */
const FIXTURE_NOW = localTime('2026-07-03 08:10:30');
/** agent.log's record of the call, as Hermes' run_agent writes it. */
const TOOL_LINE = '2026-07-03 08:09:50,204 INFO run_agent: Tool terminal returned error (322.13s)';

async function checkIn(locale: 'en' | 'zh-CN') {
  const home = await tempDir('gw-storm-tools-');
  const shift = Date.now() - FIXTURE_NOW;
  const storm = readFileSync(path.join(TEST_DIR, 'fixtures', 'logs', 'storm.log'), 'utf8').split('\n');
  trackPid(idleGatewayHome(home, retimeLines(storm, (t) => t + shift).join('\n')).pid!);
  writeFileSync(path.join(home, 'logs', 'agent.log'), `${retimeLines([TOOL_LINE], (t) => t + shift)[0]}\n`);
  const config = path.join(home, 'gatewatch.yaml');
  writeFileSync(
    config,
    `locale: ${locale}\nstate_dir: ${path.join(home, 'gw-state')}\ntargets:\n  - name: default\n    hermes_home: ${home}\n    platforms: [feishu, qqbot]\n    service: { manager: none }\n`,
  );
  try {
    const r = await run(process.execPath, [CLI, 'check', '--config', config], {
      env: { ...process.env, GATEWATCH_LOG_LEVEL: 'error', GATEWATCH_CONFIG: '' },
      timeout: 60_000,
    });
    return { code: 0, stdout: r.stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

describe('gatewatch check on a disconnect storm while a long tool call blocked the loop', () => {
  it('names the call with its time in English units', async () => {
    const r = await checkIn('en');
    expect(r.stdout).toContain('6 drops');
    expect(r.stdout).toContain('terminal (5m 22s)');
    expect(r.stdout).not.toContain('322s');
    expect(r.code).toBe(1);
  });

  it('and in Chinese units for a Chinese reader', async () => {
    const r = await checkIn('zh-CN');
    expect(r.stdout).toContain('terminal（5 分钟 22 秒）');
    expect(r.stdout).not.toMatch(/\(\d+s\)|322s/);
    expect(r.code).toBe(1);
  });
});
