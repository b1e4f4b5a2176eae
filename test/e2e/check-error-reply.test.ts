// `gatewatch check` on a home whose log is the real Hermes v0.17 gateway's (test/fixtures/hermes/real-v0.17-error-reply.log):
// a QQ message whose turn failed (`Agent error in session …` + traceback) and whose error text Hermes sent back as the
// reply (`[QQBot] Sending response (129 chars) to U1`). The chat got its answer: nothing waits on the agent (issue 42
// item 1), however long ago the message came.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatRecord } from '../../src/demo/hermes-log.js';
import { runCliHere } from '../helpers/cli-run.js';
import { lineStamp, retimeLines } from '../helpers/retime.js';
import { idleGatewayHome } from '../helpers/live-gateway.js';
import { TEST_DIR } from '../helpers/paths.js';
import { tempDir, trackPid, cleanup } from '../helpers/probe-procs.js';

afterEach(cleanup);

const FIXTURE = path.join(TEST_DIR, 'fixtures', 'hermes', 'real-v0.17-error-reply.log');

/** The real log, every record moved so that its `inbound message:` line was written `agoMs` before now. */
function retimed(agoMs: number): string {
  const lines = readFileSync(FIXTURE, 'utf8').split('\n').filter(Boolean);
  const inbound = lines.find((l) => l.includes(' inbound message: '))!;
  const shift = Date.now() - agoMs - lineStamp(inbound)!;
  // Traceback lines carry no time: they stay as they are.
  return retimeLines(lines, (t) => t + shift).join('\n') + '\n';
}

describe('gatewatch check on the real v0.17 gateway that answered a failed turn with its error', () => {
  it('the message 27 minutes old got its reply: no agent_unanswered, no restart advised', async () => {
    const home = await tempDir('gw-error-reply-');
    const gateway = idleGatewayHome(home, retimed(27 * 60_000));
    trackPid(gateway.pid!);
    const config = path.join(home, 'gatewatch.yaml');
    await writeFile(
      config,
      `state_dir: ${path.join(home, 'gw-state')}\ntargets:\n  - name: default\n    hermes_home: ${home}\n    platforms: [qqbot]\n    service: { manager: none }\n`,
    );

    const r = await runCliHere(home, ['check', '--config', config]);
    expect(r.stdout).not.toContain('agent_unanswered');
    expect(r.stdout).not.toMatch(/waiting for|not answered/);
    expect(r).toMatchObject({ code: 0, stdout: '' });
  });
});

describe('gatewatch check on a busy gateway whose reply to an early message went with the traffic', () => {
  it("a message from the run's first minutes, answered after them: nothing waits, however much traffic came since", async () => {
    // gatewatch keeps a run's first 300 records, its last 2000 and the important ones between: the reply, ordinary
    // traffic after the first 300, was dropped while the message it answered stayed.
    const now = Date.now();
    const at = (ago: number) => now - ago;
    const IN = (t: number, chat: string) =>
      formatRecord(
        t,
        'INFO',
        'gateway.run',
        `inbound message: platform=qqbot user=${chat} chat=${chat} msg='hi' reply_to_id=None reply_to_text=''`,
      );
    const OUT = (t: number, chat: string) =>
      formatRecord(
        t,
        'INFO',
        'gateway.run',
        `response ready: platform=qqbot chat=${chat} time=4.2s api_calls=1 response=88 chars`,
      );
    const lines = [
      formatRecord(at(3_600_000), 'INFO', 'gateway.run', 'Starting Hermes Gateway...'),
      formatRecord(at(3_599_000), 'INFO', 'gateway.run', '✓ qqbot connected'),
      formatRecord(at(3_598_900), 'INFO', 'gateway.run', 'Gateway running with 1 platform(s)'),
    ];
    for (let i = 0; i < 294; i++) lines.push((i % 2 ? OUT : IN)(at(3_500_000 - i * 100), 'BUSY0A1B'));
    lines.push(IN(at(3_000_000), 'ONCE9F8E'));
    lines.push(OUT(at(2_999_000), 'BUSY0A1B'), IN(at(2_998_000), 'BUSY0A1B'));
    lines.push(OUT(at(2_995_000), 'ONCE9F8E'));
    for (let i = 0; i < 4000; i++) lines.push((i % 2 ? OUT : IN)(at(2_900_000 - i * 700), 'BUSY0A1B'));
    lines.push(OUT(at(60_000), 'BUSY0A1B'));
    const home = await tempDir('gw-busy-reply-');
    const gateway = idleGatewayHome(home, `${lines.join('\n')}\n`);
    trackPid(gateway.pid!);
    const config = path.join(home, 'gatewatch.yaml');
    await writeFile(
      config,
      `state_dir: ${path.join(home, 'gw-state')}\ntargets:\n  - name: default\n    hermes_home: ${home}\n    platforms: [qqbot]\n    service: { manager: none }\n`,
    );

    const r = await runCliHere(home, ['check', '--config', config]);
    expect(r.stdout).not.toContain('agent_unanswered');
    expect(r).toMatchObject({ code: 0, stdout: '' });
  });
});
