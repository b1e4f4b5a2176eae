// /demo fail <fault>: break the demo gateway from the chat itself, so a newcomer needs one terminal only.
// Listed in /help only while a demo gateway is being watched.
import type { App } from '../src/app.js';
import { DEMO_FAULTS, demoFaultHelp, demoScriptPath, injectFault, isDemoFault } from '../src/demo/index.js';
import { pick } from '../src/i18n.js';
import type { Command } from './types.js';

/** The watched target that is the demo gateway (its service commands run the demo's ctl script), if any. */
export function demoTarget(app: App) {
  const ctl = demoScriptPath('ctl');
  return app.config.targets.find((t) => t.service.manager === 'command' && t.service.restart?.includes(ctl));
}

export const demo: Command = {
  name: 'demo',
  role: 'admin',
  usage: '/demo fail <fault>',
  summary: { en: 'break the demo gateway (try: /demo fail crash)', 'zh-CN': '让演示网关出故障（试试：/demo fail crash）' },
  async run(c) {
    const L = (en: string, zh: string) => pick(c.locale, { en, 'zh-CN': zh });
    const target = demoTarget(c.app);
    if (!target) {
      await c.respond({ title: L('No demo gateway is being watched.', '当前没有监控演示网关。'), tone: 'info' });
      return;
    }
    const [verb, fault] = c.args;
    if (verb !== 'fail' || !isDemoFault(fault)) {
      await c.respond({
        title: L('Usage: /demo fail <fault>', '用法：/demo fail <故障>'),
        tone: 'info',
        code: [demoFaultHelp(c.locale)],
        buttons: DEMO_FAULTS.slice(0, 4).map((f) => ({ label: f.name, command: `/demo fail ${f.name}` })),
      });
      return;
    }
    const r = await injectFault(target.hermes_home, fault);
    await c.respond(
      r.ok
        ? {
            title: L(`Injected ${fault} into the demo gateway`, `已向演示网关注入 ${fault}`),
            tone: 'info',
            lines: [
              r.when === 'next-start'
                ? L('It applies at the next start: try /restart demo confirm.', '下次启动时生效：试试 /restart demo confirm。')
                : L('Watch for the alert; /status shows what gatewatch sees.', '留意告警；/status 显示 gatewatch 看到的情况。'),
            ],
          }
        : { title: L(`Could not inject ${fault}: ${r.error ?? '?'}`, `无法注入 ${fault}：${r.error ?? '?'}`), tone: 'warning' },
    );
  },
};
