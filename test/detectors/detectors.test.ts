// Table-driven (test/helpers/detector-cases.ts): a gateway.log fixture in the real format + a gateway_state.json +
// process facts → the causes found. Every check id has a case that fires it and a near miss that does not.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkIds, detectors, runDetectors } from '../../src/detectors/index.js';
import { findingKey, wordFinding } from '../../src/i18n.js';
import { namesPlatform } from '../helpers/platform-cases.js';
import { buildEvidence, CMDLINE, PID, SETTINGS, stateFile } from '../helpers/evidence.js';
import { TEST_DIR } from '../helpers/paths.js';
import { connected, DETECTOR_CASES as cases, doctor, ids, LAUNCHD_PLIST } from '../helpers/detector-cases.js';

describe('runDetectors on log fixtures', () => {
  for (const c of cases) {
    it(c.name, () => {
      const ev = buildEvidence(c.ev);
      const found = runDetectors(ev, { ...SETTINGS, ...c.settings });
      expect(ids(found)).toEqual([...c.expect].sort());
      for (const f of found) {
        expect(f.target).toBe('default');
        expect(`${f.title} ${f.explanation} ${f.action}`).not.toMatch(/\{\w+\}/);
        // Every platform finding names its platform in its title, in both locales (issue 50 item 4).
        if (f.platform)
          for (const locale of ['en', 'zh-CN'] as const) {
            const title = wordFinding(locale, f).title;
            expect(namesPlatform(title, f.platform), title).toBe(true);
          }
      }
      c.check?.(found);
    });
  }

  it('every check id has a case that fires it and a near miss that does not', () => {
    const fired = new Set(cases.flatMap((c) => c.expect.map((e) => e.split(':')[0]!)));
    for (const id of checkIds) {
      expect(fired, id).toContain(id);
      const near = cases.filter((c) => c.name.startsWith('near miss') && c.name.split(':')[0]!.includes(id));
      expect(near.length, `near miss for ${id}`).toBeGreaterThan(0);
      for (const c of near) expect(c.expect.map((e) => e.split(':')[0])).not.toContain(id);
    }
  });

  it('the table holds the agreed check ids', () => {
    expect([...checkIds].sort()).toEqual(
      [
        'process_down',
        'session_unreadable',
        'state_stale_running',
        'gateway_stopped',
        'container_slot',
        'supervisor_gave_up',
        'supervisor_risk',
        'gateway_died_before',
        'state_db_corrupt',
        'memory_pressure',
        'duplicate_processes',
        'platform_down',
        'qq_reconnect_exhausted',
        'qq_session_timeout',
        'disconnect_storm',
        'qq_zombie',
        'feishu_executor_shutdown',
        'startup_incomplete',
        'qq_banned',
        'config_fatal',
        'qq_is_reconnect_regression',
        'launchd_replace',
        'systemd_no_restart',
        'feishu_proxy',
        'hermes_home_missing',
        'gateway_unresponsive',
        'update_stuck',
        'telegram_polling_conflict',
        'platform_auth_failed',
        'install_broken',
        'platform_deaf',
        'respawn_storm',
        'log_flood',
        'evidence_unreadable',
        'agent_turns_failing',
        'feishu_loop_died',
        'whatsapp_orphan_bridge',
        'whatsapp_qr_login',
        'platform_silent',
        'port_in_use',
        'platform_paused',
        'agent_unanswered',
        'agent_stream_stalled',
        'loop_stalled',
        'container_unhealthy',
        'container_paused',
        'state_db_failing',
        'provider_auth',
        'stuck_session',
        'startup_held',
        'restart_loop',
        'memory_growth',
        'forecast',
        'cron_stalled',
        'hermes_health',
        'config_ignored',
        'disk_full',
        'disk_readonly',
        'state_db_snapshot_skipped',
      ].sort(),
    );
    // One detector a check, but respawn_storm: its slow kind, restarts after Lark's drops, is Feishu's own check.
    expect(detectors.length).toBe(checkIds.length + 1);
    expect(detectors.filter((d) => d.check === 'respawn_storm')).toHaveLength(2);
  });

  it('sorts findings by severity, critical first', () => {
    const ev = buildEvidence({
      log: 'healthy.log',
      state: connected(),
      overrides: {
        ...doctor({ launchdPlist: { path: '/p.plist', text: LAUNCHD_PLIST } }),
        processes: [
          { pid: PID, cmdline: CMDLINE },
          { pid: 50117, cmdline: CMDLINE },
        ],
      },
    });
    expect(runDetectors(ev, SETTINGS).map((f) => [f.check, f.severity])).toEqual([
      ['duplicate_processes', 'critical'],
      ['launchd_replace', 'warning'],
    ]);
  });

  it('speaks zh-CN with the same parameters', () => {
    const ev = buildEvidence({ log: 'qq-max-reconnect.log', state: connected() });
    const [zh] = runDetectors(ev, { ...SETTINGS, locale: 'zh-CN' });
    const [en] = runDetectors(ev, SETTINGS);
    expect(zh!.check).toBe(en!.check);
    expect(zh!.title).toBe('QQ 已放弃重连：重启前 QQ 一直不可用');
    expect(zh!.explanation).toContain('Max reconnect attempts reached');
    // Its facts alike, each worded in its reader's locale; the log's own lines quoted as they are.
    expect(zh!.evidenceText).toEqual(en!.evidenceText);
    expect(zh!.evidence.slice(0, 2)).toEqual(en!.evidence.slice(0, 2));
    expect(zh!.evidence[2]).toBe('gateway_state.json：QQ 已连接，写于 07-03 07:00:03');
  });

  it('has text for every check id in the catalogue (its own or its variants)', () => {
    for (const id of checkIds)
      expect(findingKey(id === 'state_stale_running' ? 'state_stale_running.signal' : id), id).toBeDefined();
    // A platform with no text of its own falls back to the check's.
    expect(findingKey('platform_deaf.nosuchplatform')).toBe('finding.platform_deaf');
    expect(findingKey('nosuchcheck')).toBeUndefined();
  });

  it('redacts secrets in quoted log lines', () => {
    const base = buildEvidence({ log: 'killed.log' });
    const leak =
      "2026-06-24 09:12:41,002 WARNING gateway.platforms.qqbot.adapter: [QQBot:102345678] Send failed: Client error '401 Unauthorized' for url 'https://api.sgroup.qq.com/v2/users/A37B46B0A04E3326D727DFD81FCFEBA9/messages?access_token=k8Zq0vT3xYw9LmN2pQr5sTu7' headers={'Authorization': 'QQBot k8Zq0vT3xYw9LmN2pQr5sTu7'}";
    const text = `${[...base.log.run.map((r) => r.line)].join('\n')}\n${leak}\n`;
    const ev = buildEvidence({ text, alive: false, state: stateFile('running', { qqbot: 'connected' }) });
    const [f] = runDetectors(ev, SETTINGS);
    const all = f!.evidence.join('\n');
    expect(f!.check).toBe('state_stale_running');
    expect(all).toContain('Send failed');
    expect(all).toContain('A37B46B0A04E3326D727DFD81FCFEBA9');
    expect(all).not.toContain('k8Zq0vT3xYw9LmN2pQr5sTu7');
  });

  it('tolerates a state file without platforms', () => {
    const ev = buildEvidence({
      log: 'qq-max-reconnect.log',
      state: { ...connected(), platforms: null as unknown as Record<string, never> },
    });
    expect(ids(runDetectors(ev, SETTINGS))).toEqual(['qq_reconnect_exhausted:qqbot']);
  });
});

describe('every check is documented for the operator', () => {
  it.each(['docs/findings.md', 'docs/zh-CN/findings.md'])('%s names every check id in its alert table', (doc) => {
    const text = readFileSync(path.join(TEST_DIR, '..', doc), 'utf8');
    expect(checkIds.filter((id) => !text.includes(`| \`${id}\``))).toEqual([]);
  });
});
