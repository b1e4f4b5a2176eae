import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { matchToolTime, readSlowToolCalls } from '../../src/probes/agent-log.js';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gw-agent-'));
  file = path.join(dir, 'agent.log');
});

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const SLOW_ERR =
  '2026-06-22 10:41:07,552 WARNING [20260622_103512_ab12cd] agent.tools: Tool terminal returned error (322.13s): Command timed out after 300s';
const SLOW_OK =
  '2026-06-22 10:45:00,001 INFO [20260622_103512_ab12cd] agent.tools: Tool web_search completed in 75.20s';
const FAST = '2026-06-22 10:45:01,001 INFO run_agent: Tool read_file completed in 0.02s';
const AGENT_LINES = [
  '2026-06-22 10:35:12,001 INFO [20260622_103512_ab12cd] run_agent: Starting conversation turn',
  SLOW_ERR,
  '[Lark] [2026-06-22 10:43:00,000] [ERROR] receive message loop exit, err: Tool x returned error (999s)',
  SLOW_OK,
  FAST,
  '  File "tools/terminal.py", line 12, in run',
  '',
];

describe('agent.log slow tool calls', () => {
  it('quotes tool calls at or above the threshold, with and without a session tag', async () => {
    await fs.writeFile(file, AGENT_LINES.join('\n'));
    const calls = await readSlowToolCalls(file, { minSeconds: 60 });
    expect(calls).toEqual([
      { ts: new Date(2026, 5, 22, 10, 41, 7, 552).getTime(), tool: 'terminal', seconds: 322.13, line: SLOW_ERR },
      { ts: new Date(2026, 5, 22, 10, 45, 0, 1).getTime(), tool: 'web_search', seconds: 75.2, line: SLOW_OK },
    ]);
    expect((await readSlowToolCalls(file, { minSeconds: 300 })).map((c) => c.tool)).toEqual(['terminal']);
    expect((await readSlowToolCalls(file, { minSeconds: 322.13 })).map((c) => c.tool)).toEqual(['terminal']);
    expect(await readSlowToolCalls(file, { minSeconds: 400 })).toEqual([]);
  });

  it('filters by time and keeps only the newest calls', async () => {
    await fs.writeFile(file, AGENT_LINES.join('\n'));
    const since = new Date(2026, 5, 22, 10, 42).getTime();
    expect((await readSlowToolCalls(file, { since })).map((c) => c.tool)).toEqual(['web_search']);
    expect((await readSlowToolCalls(file, { limit: 1 })).map((c) => c.tool)).toEqual(['web_search']);
  });

  it('returns [] for a missing file', async () => {
    expect(await readSlowToolCalls(path.join(dir, 'nope', 'agent.log'))).toEqual([]);
  });

  it('reads only the tail of a large file', async () => {
    const filler = `${'2026-06-22 09:00:00,000 INFO run_agent: chatter '.padEnd(200, '.')}\n`.repeat(10_000); // ~2 MB
    const oldSlow = SLOW_ERR.replace('10:41:07', '08:00:00');
    await fs.writeFile(file, `${oldSlow}\n${filler}${SLOW_OK}\n`);
    const calls = await readSlowToolCalls(file);
    expect(calls.map((c) => c.line)).toEqual([SLOW_OK]);
    // With a tail big enough, the old one is there too: the cut is the tail size, not a bug.
    expect(await readSlowToolCalls(file, { tailBytes: 4 * 1024 * 1024 })).toHaveLength(2);
  });

  it('survives garbage, invalid UTF-8 and a cut first line', async () => {
    await fs.writeFile(
      file,
      Buffer.concat([
        Buffer.from('x'.repeat(3000)),
        Buffer.from('\n\xff\xfe\x00 garbage Tool z returned error (500s)\n', 'latin1'),
        Buffer.from(`${SLOW_ERR}\n`),
      ]),
    );
    expect((await readSlowToolCalls(file, { tailBytes: 1024 })).map((c) => c.tool)).toEqual(['terminal']);
  });

  it('matches the wordings Hermes uses', () => {
    expect(matchToolTime('Tool terminal returned error (322.13s): boom')).toEqual({
      tool: 'terminal',
      seconds: 322.13,
    });
    expect(matchToolTime('Tool web_search completed in 75.2s')).toEqual({ tool: 'web_search', seconds: 75.2 });
    expect(matchToolTime('Tool mcp:github.search completed (61s)')).toEqual({ tool: 'mcp:github.search', seconds: 61 });
    expect(matchToolTime('Toolbox terminal returned error (3s)')).toBeNull();
    expect(matchToolTime('Tool terminal returned error: no time')).toBeNull();
  });

  it('reads across agent.log’s rollover: a slow call logged just before it is still quoted (issue 60 item 2)', async () => {
    await fs.writeFile(`${file}.1`, `${'x'.repeat(100)}\n${SLOW_ERR}\n${FAST}\n`);
    await fs.writeFile(file, `${SLOW_OK}\n`);
    expect((await readSlowToolCalls(file)).map((c) => c.tool)).toEqual(['terminal', 'web_search']);
    // A long agent.log is its own tail: nothing from before it.
    await fs.writeFile(file, `${SLOW_OK}\n${'y'.repeat(2000)}\n`);
    expect((await readSlowToolCalls(file, { tailBytes: 1024 })).map((c) => c.tool)).toEqual([]);
  });
});
