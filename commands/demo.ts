// /demo fail <fault>: break the demo gateway from the chat itself, so a newcomer needs one terminal only; /demo heal
// undoes what the faults left and restarts it through gatewatch's own (verified) restart.
// Listed in /help only while a demo gateway is being watched.
import type { TargetConfig } from '../src/config/schema.js';
import { DEMO_FAULTS, demoFaultHelp, demoScriptPath, HEAL_STEP_TEXT, healDemo, injectFault, isDemoFault } from '../src/demo/index.js';
import { pick } from '../src/i18n.js';
import * as z from 'zod';
import type { AdminCommand } from './types.js';

/** The watched target that is the demo gateway (its service commands run the demo's ctl script), if any. */
export function demoTarget(targets: readonly TargetConfig[]) {
  const ctl = demoScriptPath('ctl');
  return targets.find((t) => t.service.manager === 'command' && t.service.restart?.includes(ctl));
}

const demoArgs = z.strictObject({ verb: z.string().max(16).optional(), fault: z.string().max(64).optional() });

export const demo: AdminCommand<z.output<typeof demoArgs>> = {
  name: 'demo',
  role: 'admin',
  args: demoArgs,
  fromWords: ([verb, fault]) => ({ ...(verb ? { verb } : {}), ...(fault ? { fault } : {}) }),
  usage: '/demo fail <fault> | /demo heal',
  summary: { en: 'break the demo gateway (try: /demo fail crash), /demo heal to mend it', 'zh-CN': '让演示网关出故障（试试：/demo fail crash），/demo heal 修复' },
  async run(c) {
    const L = (en: string, zh: string) => pick(c.locale, { en, 'zh-CN': zh });
    const target = demoTarget(c.look.targets());
    if (!target) {
      await c.respond({ title: L('No demo gateway is being watched.', '当前没有监控演示网关。'), tone: 'info' });
      return;
    }
    const { verb, fault } = c.args;
    if (verb === 'heal') {
      const r = await healDemo(target.hermes_home, { restart: false });
      const lines = r.done.map((d) => pick(c.locale, HEAL_STEP_TEXT[d]));
      if (!r.ok) {
        const updating = r.pid !== undefined;
        await c.respond({
          title: updating ? L(`An update is in progress (pid ${r.pid}): it brings the gateway back by itself`, `正在更新（pid ${r.pid}）：更新完成后网关会自行恢复`) : L(`Could not heal the demo: ${r.error ?? '?'}`, `无法修复演示网关：${r.error ?? '?'}`),
          tone: updating ? 'info' : 'warning',
          lines,
        });
        return;
      }
      if (lines.length) await c.respond({ title: L('Demo mended', '演示网关已修复'), tone: 'info', lines: [...lines, L('Restarting it now…', '正在重启…')] });
      // gatewatch's own restart: supervised, verified and audited like any other.
      await c.act.restart(target.name, c.operator.name, c.respond);
      return;
    }
    if (verb !== 'fail' || !isDemoFault(fault)) {
      await c.respond({
        title: L('Usage: /demo fail <fault>  ·  /demo heal', '用法：/demo fail <故障>  ·  /demo heal'),
        tone: 'info',
        lines: [
          L(
            'Faults marked (v0.21) need the demo to play current Hermes (a root serving profiles coder and ops); the first one you inject switches it at its next start.',
            '标有 (v0.21) 的故障需要演示网关扮演新版 Hermes（服务 `coder` 和 `ops` 两个「profile」的多路根网关）；首次注入时会在下次启动时切换。',
          ),
        ],
        code: [demoFaultHelp(c.locale)],
        buttons: [...DEMO_FAULTS.slice(0, 4).map((f) => ({ label: f.name, command: `/demo fail ${f.name}` })), { label: '/demo heal', command: '/demo heal' }],
      });
      return;
    }
    const r = await injectFault(target.hermes_home, fault);
    if (!r.ok) {
      await c.respond({ title: L(`Could not inject ${fault}: ${r.error ?? '?'}`, `无法注入 ${fault}：${r.error ?? '?'}`), tone: 'warning' });
      return;
    }
    const next = r.switched
      ? L(
          `From its next start the demo gateway plays Hermes v0.21.3 (a multiplexing root serving profiles coder and ops), and ${fault} applies then: try /restart demo confirm.`,
          `下次启动起演示网关扮演 Hermes v0.21.3（服务 \`coder\` 和 \`ops\` 两个「profile」的多路根网关），${fault} 届时生效：试试 /restart demo confirm。`,
        )
      : r.when === 'next-start'
        ? L('It applies at the next start: try /restart demo confirm.', '下次启动时生效：试试 /restart demo confirm。')
        : L('Watch for the alert; /status shows what gatewatch sees. /demo heal mends it.', '留意告警；/status 显示 gatewatch 看到的情况。/demo heal 可修复。');
    await c.respond({ title: L(`Injected ${fault} into the demo gateway`, `已向演示网关注入 ${fault}`), tone: 'info', lines: [next] });
  },
};
