// Issue 77 item 2, through the built daemon (`gatewatch run --console` on the demo gateway): a death during which QQ
// and Feishu became unreachable. The phone's story was right (died → restarted, cannot be reached from this host →
// back), but the audit log had the death's `alert.open` and never a record that closed it: an audit reader saw it open
// forever. Every incident the audit saw open is closed there by a record that says how (README "Audit log"): the
// platforms' recoveries by `alert.resolve` (how: recovered), the death by `alert.close` (how: replaced, by the incident
// that carried its outage on, which is itself closed); /history says it in words.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoStatus, stopDemo } from '../../src/demo/index.js';
import { demoSettingsEnv, endCli, startConsoleCli } from '../helpers/console-cli.js';
import { until } from '../helpers/until.js';

let child: ChildProcessWithoutNullStreams | undefined;
let demoHome: string | undefined;
afterEach(async () => {
  await endCli(child);
  if (demoHome) await stopDemo(demoHome).catch(() => undefined);
  child = demoHome = undefined;
});

interface Rec {
  ts: string;
  type: string;
  check: string | null;
  detail: Record<string, unknown> | null;
}

const incidentOf = (r: Rec) => r.detail?.incident as string | undefined;

describe('every incident the audit saw open, it sees closed', () => {
  it('a death during which QQ and Feishu became unreachable: the death closed as replaced, the platforms recovered', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-closes-'));
    demoHome = path.join(home, '.local', 'state', 'gatewatch', 'demo-hermes');
    const cli = startConsoleCli(home, ['run', '--console'], {
      env: {
        LANG: 'en_US.UTF-8',
        LC_ALL: '',
        LC_MESSAGES: '',
        TZ: 'UTC',
        // The restarted gateway finds the network down; Hermes connects its platforms 30 s after its start: past the
        // 8 s verification, so the death's story is carried on by the platforms' outage.
        GATEWATCH_DEMO_NETWORK_BACK: '30s',
        ...demoSettingsEnv({
          schedule: '* * * * * *',
          detect: { disconnect_grace: '5s' },
          remediate: { cooldown: '0s', verify_timeout: '8s', max_restarts: 100, window: '1h' },
        }),
      },
      waitMs: 90_000,
    });
    child = cli.child;
    let at = await cli.waitFor(/demo-hermes/);
    await until(
      'the demo gateway serving',
      async () => {
        const s = await demoStatus(demoHome!);
        return s.alive && ['feishu', 'qqbot'].every((k) => s.state?.platforms[k]?.state === 'connected');
      },
      { timeoutMs: 90_000, everyMs: 200 },
    );
    cli.send('/demo fail network-down-start');
    at = await cli.waitFor(/It applies at the next start/, at);
    // A kill from outside (the OOM killer), not a demo fault: the next start's request stays where it is.
    process.kill((await demoStatus(demoHome)).pid!, 'SIGKILL');
    const died = await cli.waitFor(/🔴 demo: Gateway died/u, at);
    // Both platforms back, in either order.
    at = Math.max(
      await cli.waitFor(/✅ demo: QQ is back/u, died, undefined, 120_000),
      await cli.waitFor(/✅ demo: Feishu is back/u, died, undefined, 120_000),
    );
    cli.send('/history 40');
    const shown = await cli.waitFor(/Last \d+ events[\s\S]*?\n\n/, at);
    const history = cli.out().slice(at, shown);
    await endCli(child);

    const audit = readFileSync(path.join(home, '.local', 'state', 'gatewatch', 'audit.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Rec);
    const opened = [...new Set(audit.filter((r) => r.type === 'alert.open').flatMap((r) => incidentOf(r) ?? []))];
    const death = opened.find((id) => id.includes(':state_stale_running'));
    expect(death, JSON.stringify(audit, null, 1)).toBeDefined();
    // Each one opened is closed later, once, by a record that says how.
    for (const id of opened) {
      const open = audit.findIndex((r) => r.type === 'alert.open' && incidentOf(r) === id);
      const closes = audit
        .slice(open)
        .filter((r) => (r.type === 'alert.resolve' || r.type === 'alert.close') && incidentOf(r) === id);
      expect(
        closes.map((r) => r.detail?.how),
        `${id}\n${JSON.stringify(audit, null, 1)}`,
      ).toEqual([id === death ? 'replaced' : 'recovered']);
    }
    // The death was carried on by an incident the audit saw open and closed.
    const close = audit.find((r) => r.type === 'alert.close' && incidentOf(r) === death)!;
    expect(opened).toContain(close.detail?.by);
    expect(close.detail?.by_title).toMatch(/cannot be reached from this host/);
    // And /history says it in words: no check id, no incident id.
    expect(history).toMatch(
      /closed, carried on by "(QQ|Feishu) cannot be reached from this host; Hermes keeps retrying": Gateway died/,
    );
    expect(history).not.toMatch(/state_stale_running|platform_down|@[a-z0-9]{6,}/);
  }, 240_000);
});
