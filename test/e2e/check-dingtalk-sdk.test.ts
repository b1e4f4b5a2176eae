// `gatewatch check` on a DingTalk home whose dingtalk-stream SDK does not match the adapter (hermes-gateway-current.md
// §9.7, #9752): the SDK's own logger `dingtalk_stream.client` writes `error processing message: object tuple can't be
// used in 'await' expression` to agent.log (never gateway.log), once per message it fails. A user who wrote once an
// hour ago left one such line: the SDK is said to mismatch, with no restart (issue 42 item 8).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatAsctime } from '../../src/demo/hermes-log.js';
import { runCliHere } from '../helpers/cli-run.js';
import { idleGatewayHome } from '../helpers/live-gateway.js';
import { cleanup, tempDir, trackPid } from '../helpers/probe-procs.js';

afterEach(cleanup);

describe('gatewatch check on a DingTalk gateway whose SDK cannot await its handler', () => {
  it('one failed message an hour ago in agent.log, a busy agent since: platform_deaf (the SDK does not match), no restart', async () => {
    const home = await tempDir('gw-dingtalk-sdk-');
    const now = Date.now();
    const at = (agoMs: number) => formatAsctime(now - agoMs);
    const gateway = idleGatewayHome(
      home,
      [
        `${at(2 * 3_600_000)} INFO gateway.run: Starting Hermes Gateway...`,
        `${at(2 * 3_600_000 - 900)} INFO hermes_plugins.dingtalk_platform.adapter: [Dingtalk] Connected via Stream Mode`,
        `${at(2 * 3_600_000 - 1000)} INFO gateway.run: ✓ dingtalk connected`,
        `${at(2 * 3_600_000 - 1100)} INFO gateway.run: Gateway running with 1 platform(s)`,
      ].join('\n') + '\n',
    );
    trackPid(gateway.pid!);
    await writeFile(
      path.join(home, 'gateway_state.json'),
      JSON.stringify({ pid: gateway.pid, gateway_state: 'running', platforms: { dingtalk: { state: 'connected' } } }),
    );
    // A busy agent wrote 300 KB since: the line is long out of the tail the agent.log probes read on every look.
    const busy = Array.from(
      { length: 2500 },
      (_, i) =>
        `${at(3_000_000 - i * 1000)} INFO agent.tools: Tool web_search completed in 0.42s (call ${i} of a long turn)`,
    );
    await writeFile(
      path.join(home, 'logs', 'agent.log'),
      `${[`${at(3_600_000)} ERROR dingtalk_stream.client: error processing message: object tuple can't be used in 'await' expression`, ...busy].join('\n')}\n`,
    );
    const config = path.join(home, 'gatewatch.yaml');
    await writeFile(
      config,
      `state_dir: ${path.join(home, 'gw-state')}\ntargets:\n  - name: default\n    hermes_home: ${home}\n    platforms: [dingtalk]\n    service: { manager: none }\n`,
    );

    const r = await runCliHere(home, ['check', '--config', config]);
    expect(r.stdout).toContain('🔴 DingTalk fails in its SDK: the dingtalk-stream SDK does not match');
    expect(r.stdout).toContain(
      "dingtalk_stream.client: error processing message: object tuple can't be used in 'await'",
    );
    expect(r.stdout).toContain('gatewatch does not restart for this');
    expect(r.code).toBe(2);
  });
});
