// `gatewatch doctor` on delivery: channels, routes, fallback and escalation listed, and a warning when critical alerts
// can only leave through the platform the watched gateway serves. The CLI cases run the CLI's code in this process (test/helpers/cli-run.ts).
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/channels/config.js';
import { routesReport } from '../../src/delivery/routes-doctor.js';
import { gatewatch as run } from '../helpers/cli-run.js';

const QQ = `  qq: { app_id: "102000001", client_secret: "qq-secret-123456" }\n`;
const FEISHU = `  feishu: { app_id: cli_0123456789abcdef, app_secret: s3cret }\n`;

function report(channels: string, alerts = '', platforms = ['qqbot'], locale: 'en' | 'zh-CN' = 'en') {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-rd-'));
  const c = parseConfig(
    `state_dir: ${dir}/s\ntargets: [{ name: gw, hermes_home: ${dir} }]\nchannels:\n${channels}${alerts}`,
  );
  const r = routesReport(c, platforms, locale);
  return { ...r, field: (label: string) => r.fields.find((f) => f.label === label)?.value };
}

describe('doctor: routes', () => {
  it('flags critical alerts that only go through QQ when the gateway serves QQ', () => {
    const r = report(QQ, `alerts:\n  routes:\n    - { severity: [critical], channels: [qq] }\n`);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toContain(
      'critical alerts only go through qq, which is qqbot: a platform this gateway serves',
    );
    expect(r.field('routes')).toBe('critical → qq');
    expect(r.field('escalation')).toBe('off');
    // With no routes at all it is the same: QQ is all there is.
    expect(report(QQ).warnings[0]).toContain('only go through qq');
    // A gateway that serves Feishu only: QQ is another way out.
    expect(report(QQ, '', ['feishu']).warnings).toEqual([]);
  });

  it('is satisfied by another service in the route or as a fallback, and lists them', () => {
    const bark = `  notifiers:\n    - { type: bark, name: phone, url: "https://api.day.app/KEY" }\n    - { type: feishu_webhook, name: ops-hook, url: "https://open.feishu.cn/open-apis/bot/v2/hook/x" }\n`;
    const routed = report(
      QQ + bark,
      `alerts:\n  routes:\n    - { severity: [critical], channels: [qq, phone] }\n    - { severity: [warning], channels: [ops-hook] }\n  escalate: { after: 15m, channels: [phone] }\n`,
    );
    expect(routed.warnings).toEqual([]);
    expect(routed.field('alert channels')).toBe('qq, phone (bark), ops-hook (feishu_webhook)');
    expect(routed.field('routes')).toBe('critical → qq, phone; warning → ops-hook');
    expect(routed.field('escalation')).toBe('after 15m unacknowledged → phone');
    const fellBack = report(
      QQ + bark,
      `alerts:\n  routes:\n    - { severity: [critical, warning], channels: [qq, ops-hook] }\n  fallback:\n    qq: [phone]\n`,
      ['qqbot', 'feishu'],
    );
    expect(fellBack.warnings).toEqual([]);
    expect(fellBack.field('fallback')).toBe('qq → phone');
    // The Feishu webhook is Feishu too: for a gateway serving QQ and Feishu, qq + ops-hook alone is flagged.
    const same = report(
      QQ + bark,
      `alerts:\n  routes:\n    - { severity: [critical], channels: [qq, ops-hook] }\n    - { severity: [info], channels: [phone] }\n`,
      ['qqbot', 'feishu'],
    );
    expect(same.warnings[0]).toContain('only go through qq, ops-hook, which is qqbot, feishu');
  });

  it('names the implied Feishu webhook standby, a channel that gets nothing, and critical going nowhere (zh-CN too)', () => {
    const hook = `  notifiers:\n    - { type: feishu_webhook, url: "https://open.feishu.cn/open-apis/bot/v2/hook/x" }\n    - { type: ntfy, name: pager, url: "https://ntfy.sh/t" }\n`;
    const implied = report(FEISHU + hook, '', ['qqbot']);
    expect(implied.field('routes')).toBe('every alert → feishu, pager (feishu_webhook stand by for feishu)');
    expect(implied.field('fallback')).toBe('feishu → feishu_webhook (implied: no alerts.routes or alerts.fallback)');
    const nowhere = report(FEISHU + hook, `alerts:\n  routes:\n    - { severity: [warning], channels: [feishu] }\n`, [
      'qqbot',
    ]);
    expect(nowhere.warnings).toContain(
      '⚠ critical alerts go to no channel that reaches a phone: add one to alerts.routes',
    );
    expect(nowhere.warnings.some((w) => w.includes('feishu_webhook, pager: named in no route'))).toBe(true);
    const zh = report(QQ, '', ['qqbot'], 'zh-CN');
    expect(zh.warnings[0]).toContain('严重告警只经过 qq');
  });
});

describe('doctor: routes in words (issue 61 item 2)', () => {
  it('names the console channel as a person does: 控制台 in zh-CN', () => {
    const zh = report(`  console: {}\n${QQ}`, '', ['feishu'], 'zh-CN');
    expect(zh.fields[0]!.value).toBe('控制台、qq');
    const routed = report(
      `  console: {}\n${QQ}`,
      'alerts:\n  routes:\n    - { severity: [critical], channels: [console, qq] }\n',
      ['feishu'],
      'zh-CN',
    );
    expect(routed.fields[1]!.value).toBe('critical → 控制台、qq');
    expect(report(`  console: {}\n${QQ}`, '', ['feishu']).fields[0]!.value).toBe('console, qq');
  });
});

describe('gatewatch doctor and config errors (CLI)', () => {
  const gatewatch = (args: string[], home: string) => run(args, { home, env: { GATEWATCH_CONFIG: '' } });

  it('doctor prints the routes and the QQ-only warning; an unknown route channel exits 78 naming file, line and key', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-rd-cli-'));
    const file = path.join(dir, 'config.yaml');
    const head = `state_dir: ${dir}/state\ntargets:\n  - { name: gw, hermes_home: ${dir}, platforms: [qqbot], service: { manager: none } }\nchannels:\n${QQ}`;
    writeFileSync(file, `${head}alerts:\n  routes:\n    - { severity: [critical, warning], channels: [qq] }\n`);
    const doc = await gatewatch(['doctor', '--config', file], dir);
    expect(doc.stdout).toContain('critical, warning → qq');
    expect(doc.stdout).toContain('critical alerts only go through qq, which is qqbot');

    writeFileSync(
      file,
      `${head}alerts:\n  routes:\n    - { severity: [critical], channels: [qq] }\n  escalate:\n    after: 10m\n    channels: [bark]\n`,
    );
    const bad = await gatewatch(['check', '--config', file], dir);
    expect(bad.code).toBe(78);
    expect(bad.stderr).toContain(`${file}:11`);
    expect(bad.stderr).toContain('alerts.escalate.channels[0]');
    expect(bad.stderr).toContain('unknown channel "bark"');
  });
});
