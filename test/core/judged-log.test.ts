// At GATEWATCH_LOG_LEVEL=debug each judgement writes what it found and what it recorded in the availability history,
// so that a figure can be read afterwards from the daemon's own log: names and times, never a finding's evidence.
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { healthyLiveGateway } from '../helpers/live-gateway.js';
import { cleanup } from '../helpers/probe-procs.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await cleanup();
});

describe.runIf(process.platform === 'linux')('the judged line of the debug log', () => {
  it('names each platform as recorded and each finding, and nothing of the evidence', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l));
        done();
      },
    });
    h = await startHarness({
      start: false,
      config: { schedule: '0 0 1 1 *', remediate: { auto_restart: false } },
      appOptions: { log: pino({ level: 'debug' }, sink) },
    });
    await healthyLiveGateway(h.hermesHome);
    const judged = await h.app.core.evaluate('default');
    const line = lines.find((l) => l.msg === 'judged');
    expect(line).toMatchObject({ target: 'default', findings: [] });
    const recorded = line!.recorded as Record<string, [string, number | null]>;
    expect(Object.keys(recorded).sort()).toEqual(['feishu', 'qqbot']);
    expect(recorded.feishu![0]).toBe('up');
    // Since when the evidence dates it (its connect line), before the history's floors (this life's start) apply.
    expect(recorded.feishu![1]).toBeLessThanOrEqual(Date.now());
    expect(judged.findings).toEqual([]);
    // A target whose gateway is gone: the death is named, and its evidence (the log's lines, the pid) is not.
    await cleanup();
    lines.length = 0;
    const dead = await h.app.core.evaluate('default');
    const death = lines.find((l) => l.msg === 'judged')!;
    expect(dead.findings.length).toBeGreaterThan(0);
    expect(death.findings).toEqual(dead.findings.map((f) => [f.check, f.platform ?? null, f.since ?? null]));
    const text = JSON.stringify(death);
    for (const f of dead.findings) for (const e of f.evidence) if (typeof e === 'string') expect(text).not.toContain(e);
  });
});
