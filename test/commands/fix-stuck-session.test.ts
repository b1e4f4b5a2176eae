// §9.15 through /fix (issue 33): a stuck Telegram turn killed the gateway twice, each next boot resumed it. gatewatch
// names the session from the home's sessions/sessions.json (Hermes' own shape) and offers to delete it; only an
// admin's confirmation runs it: the gateway is stopped through its supervisor, `hermes sessions delete <id> --yes`
// runs with HERMES_HOME set (a stand-in CLI records it), and the gateway is started again and verified. A viewer and a
// stranger run nothing; everything is audited.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { cleanup, tempDir, trackPid, writeExecutable } from '../helpers/probe-procs.js';
import { FIX_OPERATORS, fixChat, restartCommand, troubledGateway } from '../helpers/fix-scenes.js';
import { formatAsctime } from '../../src/demo/hermes-log.js';
import { describeRemedy } from '../../src/actions/remedies.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await cleanup();
});

const { say, text, fixAudit, alive } = fixChat(() => h!);
const SESSION = '20260921_100200_ab12cd';

/** Three lives of `gateway.log`, the last starting `startAgoMs` ago: the first two died with chat 7001 unanswered. */
function stuckLog(now: number): string {
  const at = (agoS: number) => formatAsctime(now - agoS * 1000);
  const life = (agoS: number, resumed: boolean, inbound: boolean) => [
    `${at(agoS)} INFO gateway.run: Starting Hermes Gateway...`,
    ...(resumed
      ? [`${at(agoS - 0.2)} INFO gateway.run: Marked 1 in-flight session(s) as resumable from previous run`]
      : []),
    `${at(agoS - 1)} INFO gateway.run: ✓ telegram connected`,
    `${at(agoS - 1.1)} INFO gateway.run: Gateway running with 1 platform(s)`,
    ...(inbound
      ? [
          `${at(agoS - 5)} INFO gateway.run: inbound message: platform=telegram user=7001 chat=7001 msg='run the nightly report' reply_to_id=None reply_to_text=''`,
        ]
      : []),
  ];
  return [...life(700, false, true), ...life(400, true, true), ...life(60, true, false)].join('\n') + '\n';
}

describe('/fix on a stuck session re-entered after every restart', () => {
  it('deletes that one session with the gateway stopped, then starts it again; asked first, admins only, audited', async () => {
    const home = path.join(await tempDir('gw-fix-stuck-'), '.hermes');
    mkdirSync(path.join(home, 'logs'), { recursive: true });
    mkdirSync(path.join(home, 'sessions'), { recursive: true });
    writeFileSync(
      path.join(home, 'sessions', 'sessions.json'),
      JSON.stringify({
        _readme: 'LEGACY MIRROR of the gateway routing index …',
        'agent:main:telegram:dm:7001': {
          session_key: 'agent:main:telegram:dm:7001',
          session_id: SESSION,
          platform: 'telegram',
          chat_type: 'dm',
          resume_pending: true,
          resume_reason: 'restart_interrupted',
          suspended: false,
          origin: { platform: 'telegram', chat_id: '7001', chat_type: 'dm', user_id: '7001' },
        },
        'agent:main:telegram:dm:7002': {
          session_key: 'agent:main:telegram:dm:7002',
          session_id: '20260920_080000_ffee01',
          platform: 'telegram',
          chat_type: 'dm',
          origin: { platform: 'telegram', chat_id: '7002', chat_type: 'dm' },
        },
      }),
    );
    const { pid } = await troubledGateway(home, { log: stuckLog(Date.now()), platforms: { telegram: 'connected' } });
    const restart = await restartCommand(home, ['telegram']);
    const marks = path.join(home, 'marks.jsonl');
    const stop = path.join(home, 'stop.cjs');
    await writeExecutable(
      stop,
      `const fs = require('fs'); const pid = JSON.parse(fs.readFileSync(${JSON.stringify(path.join(home, 'gateway.pid'))}, 'utf8')).pid;
fs.appendFileSync(${JSON.stringify(marks)}, JSON.stringify({ step: 'stop', pid }) + '\\n'); process.kill(pid, 'SIGTERM');`,
    );
    const hermesCli = path.join(home, 'fake-hermes.cjs');
    await writeExecutable(
      hermesCli,
      `const fs = require('fs');
let gatewayAlive = false; try { process.kill(${pid}, 0); gatewayAlive = true; } catch {}
// What the kernel says of it (R, S, Z …, or gone): a failure says whether it ran or was a zombie not yet reaped.
let state = 'gone'; try { const st = fs.readFileSync('/proc/${pid}/stat', 'utf8'); state = st.slice(st.lastIndexOf(')') + 2, st.lastIndexOf(')') + 3); } catch {}
fs.appendFileSync(${JSON.stringify(marks)}, JSON.stringify({ step: 'hermes', argv: process.argv.slice(2), home: process.env.HERMES_HOME, gatewayAlive, state }) + '\\n');`,
    );
    h = await startHarness({
      start: false,
      config: { operators: FIX_OPERATORS, remediate: { cooldown: '0s', verify_timeout: '30s' } },
      target: {
        name: 'demo',
        hermes_home: home,
        platforms: ['telegram'],
        hermes_cli: [process.execPath, hermesCli],
        service: { manager: 'command', restart, start: restart, stop: [process.execPath, stop] },
      },
    });
    const r = await h.app.core.evaluate('demo');
    const stuck = r.findings.find((f) => f.check === 'stuck_session');
    expect(stuck).toMatchObject({
      severity: 'critical',
      restart: 'never',
      remedies: [{ kind: 'delete_session', session: { id: SESSION, platform: 'telegram', chat: '7001' } }],
    });
    expect(describeRemedy(stuck!.remedies![0]!, 'demo', 'zh-CN')).toContain(`hermes sessions delete ${SESSION} --yes`);

    expect(text(await say('/fix 1 confirm', { senderId: 'ou_victor' }))).toMatch(/viewer/);
    expect(text(await say('/fix 1 confirm', { senderId: 'ou_mallory' }))).toMatch(/not allowed/);
    const list = text(await say('/fix'));
    expect(list).toContain(
      `1. Stop demo through its supervisor, delete session ${SESSION} (Telegram chat 7001) with \`hermes sessions delete ${SESSION} --yes\`, then start demo`,
    );
    const ask = (await say('/fix 1'))[0]!;
    expect(ask.outcome).toBe('refused');
    expect(existsSync(marks)).toBe(false);
    expect(await fixAudit()).toEqual([]);

    const last = (await say('/fix 1 confirm')).at(-1)!;
    const newPid = Number(readFileSync(path.join(home, 'new-gateway.pid'), 'utf8'));
    trackPid(newPid);
    const steps = readFileSync(marks, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { step: string; argv?: string[]; home?: string; gatewayAlive?: boolean });
    // Stopped first, deleted with the gateway gone and this home named, then started (a new gateway).
    expect(steps.map((s) => s.step)).toEqual(['stop', 'hermes']);
    // Seen failing once in a full run (gatewayAlive true): the steps and the audit say which gateway the stop waited on.
    expect(steps[1], JSON.stringify({ steps, audit: await fixAudit() })).toMatchObject({
      argv: ['sessions', 'delete', SESSION, '--yes'],
      home,
      gatewayAlive: false,
    });
    expect(await alive(newPid)).toBe(true);
    expect(text([last])).toContain(`session ${SESSION} deleted`);
    const audit = await fixAudit();
    expect(audit.map((x) => x.type)).toEqual(['fix.begin', 'fix.ok']);
    expect(audit[0]).toMatchObject({
      target: 'demo',
      actor: 'alice',
      detail: { kind: 'delete_session', session: SESSION, platform: 'telegram', chat: '7001' },
    });
  });

  it('never deletes when the gateway will not stop, and never leaves it stopped', async () => {
    const home = path.join(await tempDir('gw-fix-stuck-nostop-'), '.hermes');
    mkdirSync(path.join(home, 'logs'), { recursive: true });
    mkdirSync(path.join(home, 'sessions'), { recursive: true });
    writeFileSync(
      path.join(home, 'sessions', 'sessions.json'),
      JSON.stringify({
        k: {
          session_key: 'k',
          session_id: SESSION,
          resume_pending: true,
          origin: { platform: 'telegram', chat_id: '7001' },
        },
      }),
    );
    await troubledGateway(home, { log: stuckLog(Date.now()), platforms: { telegram: 'connected' } });
    const restart = await restartCommand(home, ['telegram']);
    const marks = path.join(home, 'marks.jsonl');
    const hermesCli = path.join(home, 'fake-hermes.cjs');
    await writeExecutable(hermesCli, `require('fs').appendFileSync(${JSON.stringify(marks)}, 'hermes\\n');`);
    h = await startHarness({
      start: false,
      config: { operators: FIX_OPERATORS, remediate: { cooldown: '0s', verify_timeout: '30s' } },
      // The stop command fails: nothing may be deleted under a running gateway.
      target: {
        name: 'demo',
        hermes_home: home,
        platforms: ['telegram'],
        hermes_cli: [process.execPath, hermesCli],
        service: { manager: 'command', restart, start: restart, stop: [process.execPath, '-e', 'process.exit(5)'] },
      },
    });
    await h.app.core.evaluate('demo');
    const last = (await say('/fix 1 confirm')).at(-1)!;
    trackPid(Number(readFileSync(path.join(home, 'new-gateway.pid'), 'utf8')));
    expect(last.title).toMatch(/^Fix 1 on demo failed: the gateway did not stop, nothing deleted/);
    expect(existsSync(marks)).toBe(false);
    expect((await fixAudit()).map((x) => [x.type, (x.detail as { code?: string }).code])).toEqual([
      ['fix.begin', undefined],
      ['fix.failed', 'stop'],
    ]);
  });
});
