// /doctor: every check plus deployment lint (launchd --replace, systemd Restart=, a proxy on the Feishu path).
import { pick } from '../src/i18n.js';
import type { Command } from './types.js';
import { findingsReply } from './check.js';
import { targetsArg } from './index.js';

export const doctor: Command = {
  name: 'doctor',
  role: 'viewer',
  usage: '/doctor [target]',
  summary: { en: 'checks plus deployment lint', 'zh-CN': '检查并诊断部署配置' },
  async run(c) {
    for (const { name, hermes_home } of await targetsArg(c)) {
      const r = await c.app.evaluate(name, { doctor: true, act: false });
      const ev = r.evidence;
      const reply = findingsReply(name, r.findings, c.locale);
      const L = (en: string, zh: string) => pick(c.locale, { en, 'zh-CN': zh });
      reply.fields = [
        { label: 'hermes_home', value: hermes_home },
        { label: L('service', '服务'), value: `${ev.service.manager}${ev.service.name ? ` ${ev.service.name}` : ''}${ev.service.error ? ` ("${ev.service.error}")` : ''}` },
        { label: L('log', '日志'), value: ev.log.error ? `${ev.log.file}: "${ev.log.error}"` : ev.log.file },
        { label: L('state file', '状态文件'), value: ev.stateError ? `"${ev.stateError}"` : ev.state ? L('ok', '正常') : L('missing', '缺失') },
        { label: L('channels', '通道'), value: c.app.channels.map((ch) => `${ch.name}${ch.health().ok ? '' : ' (!)'}`).join(', ') || '-' },
      ];
      await c.respond(reply);
    }
  },
};
