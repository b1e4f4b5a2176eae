// Issue 20 item 5: a finding's evidence lines in our own words (the pid file's verdict, the service's state, a silent
// control socket) are worded in the reader's locale when rendered; the values they quote (a unit name, a state word
// systemctl printed, a path) stay as they are. A finding saved by an older version has only its stored lines.
import { describe, expect, it } from 'vitest';
import { runDetectors } from '../../src/detectors/index.js';
import { wordEvidence } from '../../src/i18n.js';
import type { Evidence } from '../../src/evidence.js';
import type { Finding } from '../../src/types.js';
import { buildEvidence, PID, SETTINGS } from '../helpers/evidence.js';
import { englishProse } from '../helpers/english-prose.js';
import { HERMES_CASES } from '../helpers/hermes-cases.js';
import { DETECTOR_CASES } from '../helpers/detector-cases.js';
import { fixtureText, type BuildOptions } from '../helpers/evidence.js';

function found(check: string, overrides: Partial<Evidence>, alive = false): Finding {
  const f = runDetectors(buildEvidence({ text: '', alive, state: null, overrides }), SETTINGS).find(
    (x) => x.check === check,
  );
  expect(f, check).toBeDefined();
  return f!;
}

const prose = (lines: string[]) => lines.flatMap(englishProse);

/** The finding `check` of the detector case named `name` (its evidence changed by `edit`). */
function fromCase(name: string, check: string, edit: (o: BuildOptions) => BuildOptions = (o) => o): Finding {
  const c = HERMES_CASES.find((x) => x.name.startsWith(name));
  expect(c, name).toBeDefined();
  const f = runDetectors(buildEvidence(edit(c!.ev)), { ...SETTINGS, ...c!.settings }).find((x) => x.check === check);
  expect(f, check).toBeDefined();
  return f!;
}

/**
 * Rendered in en exactly as the stored lines (today's English) and in zh-CN as `zh`: our own words carry no English
 * prose there (the values they quote, and the gateway's log lines, quoted as they are, may).
 */
function worded(f: Finding, en: string[], zh: string[]): void {
  expect(wordEvidence('en', f)).toEqual(en);
  expect(f.evidence).toEqual(en);
  const got = wordEvidence('zh-CN', f);
  expect(got).toEqual(zh);
  const ours = (f.evidenceText ?? []).flatMap((p, i) =>
    typeof p === 'object' ? [withoutQuotes(got[i]!, p.params ?? {})] : [],
  );
  expect(prose(ours)).toEqual([]);
}

/** A worded line without the string values it quotes, those of the facts in it too. */
function withoutQuotes(text: string, params: Record<string, unknown>): string {
  return Object.values(params).reduce<string>(
    (t, v) =>
      typeof v === 'string' && v
        ? t.split(v).join(' | ')
        : v && typeof v === 'object' && 'params' in v
          ? withoutQuotes(t, (v as { params: Record<string, unknown> }).params)
          : t,
    text,
  );
}

describe('evidence lines in the reader’s words', () => {
  it('process_down: the pid file and the service, Chinese around the unit name and the state systemctl printed', () => {
    const f = found('process_down', { process: { pidFile: null, alive: false, reason: 'no pid file' } });
    expect(f.evidence).toEqual(['gateway.pid: none (no pid file)', 'service hermes-gateway.service: failed/failed']);
    expect(wordEvidence('en', f)).toEqual(f.evidence);
    expect(wordEvidence('zh-CN', f)).toEqual([
      'gateway.pid：无（没有 pid 文件）',
      '服务 hermes-gateway.service：failed/failed',
    ]);
  });

  it('a pid left by a dead process and a service whose state is not known', () => {
    const f = found('process_down', { service: { manager: 'systemd', name: 'hermes-gateway.service' } });
    expect(wordEvidence('zh-CN', f)).toEqual([
      `gateway.pid：pid ${PID}（进程不在）`,
      '服务 hermes-gateway.service：未知',
    ]);
    expect(wordEvidence('en', f)).toEqual([
      `gateway.pid: pid ${PID} (not running)`,
      'service hermes-gateway.service: unknown',
    ]);
  });

  it('gateway_unresponsive: the silent control socket and the live pid', () => {
    const f = found(
      'gateway_unresponsive',
      {
        hermes: {
          version: { source: 'identify', generation: 'current', restampsUpdatedAt: false },
          control: { outcome: 'silent', path: '/h/gateway.sock', waitedMs: 2001 },
        },
      },
      true,
    );
    const zh = wordEvidence('zh-CN', f);
    expect(zh[0]).toMatch(/^控制套接字 \/h\/gateway\.sock：已连接，\d+ 秒内没有回答 identify（问了两次）$/);
    expect(prose(zh)).toEqual([]);
    expect(prose(wordEvidence('en', f))).not.toEqual([]);
  });

  it('evidence_unreadable: what could not be read, Chinese around the reason the probe gave', () => {
    const f = found('evidence_unreadable', { stateError: '/h/gateway_state.json: not JSON' }, true);
    expect(f.evidence).toEqual(['cannot read the state file: /h/gateway_state.json: not JSON']);
    expect(wordEvidence('zh-CN', f)).toEqual(['无法读取状态文件：/h/gateway_state.json: not JSON']);
  });

  it('a finding saved by an older version (no evidenceText) shows its stored lines', () => {
    const f = found('process_down', {});
    const old: Finding = { ...f, evidenceText: undefined };
    expect(wordEvidence('zh-CN', old)).toEqual(f.evidence);
    // Lines added after the facts were taken (by a version that did not know them): the stored lines, not a mix.
    expect(wordEvidence('zh-CN', { ...f, evidence: [...f.evidence, 'x'] })).toEqual([...f.evidence, 'x']);
  });

  it('whatsapp_orphan_bridge: the orphan, the bridges the scan saw and the silence since the start', () => {
    const f = fromCase('whatsapp_orphan_bridge:', 'whatsapp_orphan_bridge');
    worded(
      f,
      [
        'orphan bridge: pid 39120 (ppid 1), started 2026-09-20T18:00:05Z, not a child of gateway pid 48213: node /home/ops/.hermes/hermes-agent/scripts/whatsapp-bridge/bridge.js --port 3000 --session /home/ops/.hermes/platforms/whatsapp/session',
        'gateway_state.json: WhatsApp connected, written 09-21 09:00:10',
        '/home/ops/.hermes/platforms/whatsapp/bridge.log: ✅ WhatsApp connected!',
        '/home/ops/.hermes/platforms/whatsapp/bridge.log: Error: listen EADDRINUSE: address already in use 127.0.0.1:3000',
        'no WhatsApp inbound message since the gateway started at 2026-09-21T09:00:01Z',
      ],
      [
        '孤儿 bridge：pid 39120（ppid 1），启动于 2026-09-20T18:00:05Z，不是网关 pid 48213 的子进程：node /home/ops/.hermes/hermes-agent/scripts/whatsapp-bridge/bridge.js --port 3000 --session /home/ops/.hermes/platforms/whatsapp/session',
        'gateway_state.json：WhatsApp 已连接，写于 09-21 09:00:10',
        '/home/ops/.hermes/platforms/whatsapp/bridge.log: ✅ WhatsApp connected!',
        '/home/ops/.hermes/platforms/whatsapp/bridge.log: Error: listen EADDRINUSE: address already in use 127.0.0.1:3000',
        '网关自 2026-09-21T09:00:01Z 启动以来没有收到 WhatsApp 消息',
      ],
    );
    const other = {
      pid: 4242,
      cmdline: 'node bridge.js --session /srv/other',
      ownSession: false,
      childOfGateway: false,
    };
    const g = fromCase('whatsapp_orphan_bridge#unnamed', 'whatsapp_orphan_bridge', (o) => ({
      ...o,
      overrides: { hermes: { ...o.overrides!.hermes!, whatsappBridges: { checked: true, bridges: [other] } } },
    }));
    worded(
      g,
      [
        'gateway_state.json: WhatsApp connected, written 09-21 09:00:10',
        '/home/ops/.hermes/platforms/whatsapp/bridge.log: ✅ WhatsApp connected!',
        '/home/ops/.hermes/platforms/whatsapp/bridge.log: Error: listen EADDRINUSE: address already in use 127.0.0.1:3000',
        'no WhatsApp inbound message since the gateway started at 2026-09-21T09:00:01Z',
        'bridge pid 4242: node bridge.js --session /srv/other',
      ],
      [
        'gateway_state.json：WhatsApp 已连接，写于 09-21 09:00:10',
        '/home/ops/.hermes/platforms/whatsapp/bridge.log: ✅ WhatsApp connected!',
        '/home/ops/.hermes/platforms/whatsapp/bridge.log: Error: listen EADDRINUSE: address already in use 127.0.0.1:3000',
        '网关自 2026-09-21T09:00:01Z 启动以来没有收到 WhatsApp 消息',
        'bridge 进程 pid 4242：node bridge.js --session /srv/other',
      ],
    );
  });

  it('platform_auth_failed: how often the bridge logged the logout, Chinese after the quoted line', () => {
    const f = fromCase('platform_auth_failed: WhatsApp logged out', 'platform_auth_failed');
    worded(
      f,
      [
        'gateway_state.json: WhatsApp retrying (failed to reconnect), written 09-20 09:02:00',
        '/home/ops/.hermes/platforms/whatsapp/bridge.log: ❌ Logged out. Delete session and restart to re-authenticate. (3× in its last 5 lines)',
      ],
      [
        'gateway_state.json：WhatsApp 重试中（failed to reconnect），写于 09-20 09:02:00',
        '/home/ops/.hermes/platforms/whatsapp/bridge.log: ❌ Logged out. Delete session and restart to re-authenticate.（在其最后 5 行中出现 3 次）',
      ],
    );
  });

  it('log_flood: the growth, the line that repeats and an example, Chinese around the figures and the quoted line', () => {
    const f = fromCase('log_flood:', 'log_flood');
    worded(
      f,
      [
        '/home/ops/.hermes/logs/gateway.log: +24.0 MB (139810 lines) in 10m = 2.4 MB/min; last minute 2.2 MB',
        "most repeated (1000 of 2000 lines sampled): WARNING hermes_plugins.dingtalk_platform.adapter: [Dingtalk] Stream client error: ConnectionClosedError(#, 'keepalive ping timeout')",
        "e.g. 2026-07-02 10:04:59,120 WARNING hermes_plugins.dingtalk_platform.adapter: [Dingtalk] Stream client error: ConnectionClosedError(1011, 'keepalive ping timeout')",
      ],
      [
        '/home/ops/.hermes/logs/gateway.log：10 分钟内增长 +24.0 MB（139810 行）= 每分钟 2.4 MB；最近一分钟 2.2 MB',
        "重复最多（抽样 2000 行中占 1000 行）：WARNING hermes_plugins.dingtalk_platform.adapter: [Dingtalk] Stream client error: ConnectionClosedError(#, 'keepalive ping timeout')",
        "例如 2026-07-02 10:04:59,120 WARNING hermes_plugins.dingtalk_platform.adapter: [Dingtalk] Stream client error: ConnectionClosedError(1011, 'keepalive ping timeout')",
      ],
    );
  });

  it('agent_turns_failing: what came in unanswered, the update before and the running version', () => {
    const f = fromCase('agent_turns_failing#update', 'agent_turns_failing');
    const logged = f.evidence.slice(0, 3); // the failures and the attempt, as the log has them
    worded(
      f,
      [
        ...logged,
        'gateway.log: 3 inbound messages since the last "response ready", none after the first failure',
        'logs/update.log: hermes update finished 2026-09-21T09:39:30.000Z (✓ Update complete!)',
        'running Hermes 0.21.3 (00067189dfec)',
      ],
      [
        ...logged,
        'gateway.log：上一次“response ready”之后收到 3 条消息，第一次失败之后再没有“response ready”',
        'logs/update.log：hermes update 于 2026-09-21T09:39:30.000Z 结束（✓ Update complete!）',
        '正在运行 Hermes 0.21.3（00067189dfec）',
      ],
    );
  });

  // Every detector's case (qq_* and the lifecycle checks among them): a line still stored as a plain string quotes the
  // gateway (a log line, a traceback line, a state file's fields); English prose the gateway did not write is ours.
  it('every detector case: no evidence line of ours left as English prose', () => {
    const left: string[] = [];
    for (const c of [...HERMES_CASES, ...DETECTOR_CASES]) {
      // What the gateway wrote: the case's log, and the files and records (state, agent.log, a bridge's log) it holds.
      const wrote = (c.ev.text ?? (c.ev.log ? fixtureText(c.ev.log) : '')) + JSON.stringify(c.ev);
      for (const f of runDetectors(buildEvidence(c.ev), { ...SETTINGS, ...c.settings })) {
        for (const p of f.evidenceText ?? f.evidence) {
          if (typeof p === 'string')
            left.push(
              ...englishProse(p)
                .filter((run) => !wrote.includes(run))
                .map((run) => `${f.check}: ${run}`),
            );
        }
      }
    }
    expect([...new Set(left)]).toEqual([]);
  });
});
