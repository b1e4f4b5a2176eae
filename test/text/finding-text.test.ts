// Findings are worded when they are rendered, in the reader's locale: every finding the detector table produces,
// detected with an English configuration, reads as Chinese in a zh-CN reply and alert; and a finding saved by an older
// version (strings only, no text key) still renders, as it was worded then.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { runDetectors } from '../../src/detectors/index.js';
import { findingsReply } from '../../src/delivery/findings-reply.js';
import { incidentAlert } from '../../src/delivery/alerts.js';
import { escalationAlert } from '../../src/delivery/escalate.js';
import { step, type Incident } from '../../src/incidents/machine.js';
import { openStateStore } from '../../src/core/state.js';
import { receiveAlertmanager, webhookSchema } from '../../src/ops/alertmanager.js';
import { createStateDirHealth } from '../../src/state/health.js';
import { wordFinding } from '../../src/i18n.js';
import { en } from '../../src/text/en.js';
import { zhCN } from '../../src/text/zh-CN.js';
import type { Finding, OwnTextKey, Reply } from '../../src/types.js';
import { DETECTOR_CASES } from '../helpers/detector-cases.js';
import { buildEvidence, SETTINGS } from '../helpers/evidence.js';
import { englishProse } from '../helpers/english-prose.js';
import { strayPunctuation } from '../helpers/zh-punctuation.js';
import { systemClock } from '../../src/util/clock.js';
import { gatewatchCommand } from '../../src/util/invocation.js';

/** How this install is typed here (`npx gatewatch` from a clone): the CLI's hints say it so. */
const gw = gatewatchCommand();

const MIN = 60_000;
const INCIDENTS = { remindEveryMs: 30 * MIN, flap: { transitions: 4, withinMs: 30 * MIN } };

/** What a person reads of a reply: not its code blocks or evidence lines (the gateway's own words). */
const words = (r: Reply) => [
  r.title,
  ...(r.fields ?? []).map((f) => f.value),
  ...(r.lines ?? []).filter((l) => !l.startsWith('   | ')),
];

function openIncident(f: Finding): Incident {
  // A finding whose alert waits (quietUntil: a retry seconds away) opens when that time has come.
  return step({}, f.target, [f], f.quietUntil ?? 0, INCIDENTS, false).events[0]!.incident;
}

/** Every reply and alert a finding appears in, rendered for a zh-CN reader. */
function renderedZh(f: Finding): string[] {
  const inc = openIncident(f);
  return [
    ...words(findingsReply(f.target, [f], 'zh-CN')),
    ...words(incidentAlert({ kind: 'open', incident: inc }, 'zh-CN', 0, 30 * MIN).reply),
    ...words(escalationAlert(inc, 10 * MIN, ['x'], 'zh-CN', 0).reply),
  ];
}

const found = DETECTOR_CASES.flatMap((c) =>
  runDetectors(buildEvidence(c.ev), { ...SETTINGS, ...c.settings, locale: 'en' }).map((f) => ({ name: c.name, f })),
);

describe('finding texts', () => {
  it('the detector table produces findings of every text key it can reach', () => {
    expect(found.length).toBeGreaterThan(80);
    expect(new Set(found.map((x) => x.f.text?.key)).size).toBeGreaterThan(40);
    for (const { f } of found) expect(f.text, f.check).toBeDefined();
  });

  it('every finding the detectors produce reads as Chinese in zh-CN, though detected with locale en', () => {
    const leaks = found.flatMap(({ name, f }) =>
      renderedZh(f).flatMap((text) =>
        englishProse(text).map((run) => `${name} [${f.text!.key}]: "${run}"  ←  ${text}`),
      ),
    );
    expect(leaks).toEqual([]);
    // The stored words are the configured locale's; the reader's are worded from the key.
    const { f } = found.find((x) => x.f.check === 'qq_reconnect_exhausted')!;
    expect(f.title).toBe('QQ gave up reconnecting: QQ is dead until a restart');
    expect(incidentAlert({ kind: 'open', incident: openIncident(f) }, 'zh-CN', 0, 30 * MIN).reply.title).toBe(
      'default：QQ 已放弃重连：重启前 QQ 一直不可用',
    );
  });

  it('every finding the detectors produce punctuates as Chinese in zh-CN, its parameters filled in', () => {
    // The catalogue's own test sees `{restart_how} 如果` as it is; only filled does it read `…重启。 如果`.
    const strays = found.flatMap(({ name, f }) =>
      renderedZh(f).flatMap((text) => strayPunctuation(text).map((at) => `${name} [${f.text!.key}]: ${at}`)),
    );
    expect(strays).toEqual([]);
  });

  it('every finding the detectors produce says its durations in Chinese units in zh-CN (秒, not s)', () => {
    // Code, and what Hermes wrote (quoted), keep their own units.
    const prose = (text: string) => text.replace(/`[^`]*`/g, '').replace(/“[^”]*”|"[^"]*"/g, '');
    const english = found.flatMap(({ name, f }) =>
      renderedZh(f).flatMap((text) =>
        (prose(text).match(/(?<![\w.])\d+(?:\.\d+)?(?:ms|min|[smhd])\b/g) ?? []).map(
          (d) => `${name} [${f.text!.key}]: ${d} ← ${text}`,
        ),
      ),
    );
    expect(english).toEqual([]);
  });

  it('no finding text in the zh-CN catalogue has English prose, whatever its parameters', () => {
    const keys = Object.keys(en).filter((k) => k.startsWith('finding.'));
    expect(keys.length).toBeGreaterThan(150);
    const prose = keys.flatMap((k) =>
      englishProse((zhCN as Record<string, string>)[k]!.replace(/\{\w+\}/g, '值')).map((run) => `${k}: "${run}"`),
    );
    expect(prose).toEqual([]);
  });

  it('the prose filter catches English and lets quotes, commands, paths and ids through', () => {
    expect(englishProse('重启网关。Check the network path 然后重试')).toEqual(['Check the network path']);
    expect(
      englishProse(
        'Hermes 记录了 "Session expired; pausing for 10 minutes"，运行 `hermes gateway restart` 或 /restart demo confirm',
      ),
    ).toEqual([]);
    expect(
      englishProse('查看 ~/.hermes/logs/gateway.log 和 platforms/whatsapp/bridge.log，设置 TELEGRAM_BOT_TOKEN'),
    ).toEqual([]);
    expect(englishProse('QQ 显示 connected but deaf')).toEqual(['connected but deaf']);
  });
});

describe('the commands a finding names (issue 20 item 4)', () => {
  // A gatewatch that runs the gateway through configured commands: its actions name gatewatch's own restart.
  const commanded = DETECTOR_CASES.flatMap((c) =>
    runDetectors(
      buildEvidence({
        ...c.ev,
        overrides: { ...c.ev.overrides, service: { manager: 'command', active: false, state: 'unknown' } },
      }),
      { ...SETTINGS, ...c.settings, locale: 'en' },
    ).map((f) => ({ name: c.name, f })),
  );
  const all = [...found, ...commanded];
  const keysNaming = (dialect: 'chat' | 'cli', pattern: RegExp) =>
    new Set(
      all.flatMap(({ f }) =>
        (['en', 'zh-CN'] as const)
          .filter((l) => pattern.test(wordFinding(l, f, dialect).action))
          .map(() => f.text!.key),
      ),
    );

  it("are worded where they are read: the command line's on the CLI, chat's in an alert", () => {
    const chat = keysNaming('chat', /`\/restart \w+`/);
    // The nested service texts too (`{restart_how}` of a service run by configured commands).
    expect(chat.size).toBeGreaterThan(10);
    expect(keysNaming('cli', /\/restart/)).toEqual(new Set());
    expect(keysNaming('cli', new RegExp(`\`${gw} restart \\w+\``))).toEqual(chat);
    const op = all.find(({ f }) => f.text!.key === 'finding.gateway_stopped')!.f;
    expect(findingsReply(op.target, [op], 'zh-CN', { dialect: 'cli' }).lines!.join('\n')).not.toContain('/restart');
    expect(
      incidentAlert({ kind: 'open', incident: openIncident(op) }, 'en', 0, 30 * MIN).reply.lines!.join('\n'),
    ).toContain(`/restart ${op.target}`);
  });
});

describe('an Alertmanager alert', () => {
  it("keeps its own words and words ours in the reader's locale", async () => {
    const judged: Finding[] = [];
    const core = {
      core: { config: { targets: [], locale: 'en' as const }, state: { incidents: {} }, now: () => 0 },
      judge: async (_target: string, f: Finding[]) => void judged.push(...f),
      persist: async () => undefined,
      raise: async () => undefined,
    };
    const payload = webhookSchema.parse({
      version: '4',
      alerts: [
        { status: 'firing', labels: { alertname: 'HermesDown', instance: 'host2:9477' } },
        {
          status: 'firing',
          labels: { alertname: 'DiskFull', instance: 'host3:9100' },
          annotations: { summary: 'Disk is 99% full', runbook_url: 'https://runbooks/disk' },
        },
      ],
    });
    await receiveAlertmanager(core, payload);
    const [down, disk] = judged.sort((a, b) => a.check.localeCompare(b.check)).reverse();
    expect(down!.explanation).toBe('Alertmanager reports HermesDown firing.');
    expect(wordFinding('zh-CN', down!)).toEqual({
      title: 'Alertmanager：HermesDown',
      explanation: 'Alertmanager 报告 HermesDown 正在告警。',
      action: '请检查 host2:9477（来自 Alertmanager）；gatewatch 无法从此处重启它。',
    });
    expect(wordFinding('zh-CN', disk!)).toEqual({
      title: 'Alertmanager：DiskFull',
      explanation: 'Alertmanager 告警原文：Disk is 99% full',
      action: '按照运行手册处理（链接来自 Alertmanager）：https://runbooks/disk',
    });
  });
});

describe('a finding saved by an older version (strings only)', () => {
  const old = {
    check: 'qq_reconnect_exhausted',
    target: 'gw',
    severity: 'critical',
    platform: 'qqbot',
    title: 'QQ gave up reconnecting: QQ is dead until a restart',
    explanation: 'The QQ adapter logged "Max reconnect attempts reached" 5m ago and stopped trying.',
    action: 'Restart the gateway.',
    evidence: ['2026-07-03 08:00:00,000 ERROR …: Max reconnect attempts reached'],
    restart: 'helps',
  } as const;

  it('loads from state.json and renders with its stored words', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'gw-old-state-'));
    try {
      const incident = {
        id: 'i1',
        key: 'gw|qq_reconnect_exhausted|qqbot',
        target: 'gw',
        check: old.check,
        platform: 'qqbot',
        finding: old,
        status: 'open',
        openedAt: 0,
      };
      await writeFile(path.join(dir, 'state.json'), JSON.stringify({ incidents: { [incident.key]: incident } }));
      const log = pino({ level: 'silent' });
      const store = await openStateStore({
        clock: systemClock,
        stateDir: dir,
        log,
        health: createStateDirHealth({ log, onChange: () => undefined }),
      });
      store.stop();
      const inc = store.state.incidents[incident.key]!;
      expect(inc.finding.text).toBeUndefined();
      expect(wordFinding('zh-CN', inc.finding)).toEqual({
        title: old.title,
        explanation: old.explanation,
        action: old.action,
      });
      const alert = incidentAlert({ kind: 'remind', incident: inc }, 'zh-CN', 0, 30 * MIN).reply;
      expect(alert.title).toBe(`仍未恢复 — gw：${old.title}`);
      expect(alert.lines).toEqual([old.explanation, `→ ${old.action}`]);
      expect(findingsReply('gw', [inc.finding], 'zh-CN').lines!.slice(0, 3)).toEqual([
        `🔴 ${old.title}`,
        `   ${old.explanation}`,
        `   → ${old.action}`,
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a text key this version does not know falls back to the stored words too; a known one is worded anew', () => {
    const unknown = { ...old, text: { key: 'finding.from_the_future' as 'finding.process_down', params: {} } };
    expect(wordFinding('zh-CN', unknown).title).toBe(old.title);
    const known = {
      ...old,
      text: {
        key: 'finding.qq_reconnect_exhausted' as OwnTextKey,
        params: { target: 'gw', platform: 'qqbot', ago: '5m', state: 'connected' },
      },
    };
    expect(wordFinding('zh-CN', known).title).toBe('QQ 已放弃重连：重启前 QQ 一直不可用');
    // Written by this version and read back: the key and parameters survive the state file's schema.
    const back = JSON.parse(JSON.stringify(known)) as Finding;
    expect(wordFinding('en', back)).toEqual(wordFinding('en', known));
  });
});
