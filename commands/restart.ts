// /restart [target] [confirm]: restart through the supervisor, report progress and the verified result.
import { pick, t } from '../src/i18n.js';
import { restartVia } from '../src/actions/restart-target.js';
import { formatDuration } from '../src/util/duration.js';
import { describeRestart } from '../src/actions/restart.js';
import * as z from 'zod';
import type { AdminCommand } from './types.js';
import { targetName } from './args.js';
import { targetArg } from './targets.js';

const restartArgs = z.strictObject({ target: targetName.optional(), confirm: z.boolean().default(false) });
type RestartArgs = z.output<typeof restartArgs>;

export const restart: AdminCommand<RestartArgs> = {
  name: 'restart',
  role: 'admin',
  usage: '/restart [target] [confirm]',
  args: restartArgs,
  fromWords: (words) => {
    const target = words.find((a) => a.toLowerCase() !== 'confirm');
    return { confirm: words.some((a) => a.toLowerCase() === 'confirm'), ...(target ? { target } : {}) };
  },
  summary: { en: 'restart the gateway (asks to confirm when it looks healthy or a restart cannot help)', 'zh-CN': '重启网关（网关看起来正常或重启无济于事时需确认）' },
  async run(c) {
    const L = (en: string, zh: string) => pick(c.locale, { en, 'zh-CN': zh });
    const confirmed = c.args.confirm;
    let name = c.args.target;
    const targets = c.look.targets();
    if (!name && targets.length > 1) {
      // With several gateways, a bare /restart means the one in trouble; if that is not clear, ask.
      const failing = [...new Set(c.look.openIncidents().map((i) => i.target))];
      if (failing.length !== 1) {
        await c.respond({
          title: L('Which gateway?', '重启哪个网关？'),
          tone: 'info',
          lines: [L(`Send /restart <target>: ${targets.map((t) => t.name).join(', ')}`, `发送 /restart <目标>：${targets.map((t) => t.name).join(', ')}`)],
          buttons: targets.map((t) => ({ label: t.name, command: `/restart ${t.name}` })),
          outcome: 'refused',
        });
        return;
      }
      name = failing[0];
    }
    const target = await targetArg(c, name);
    if (!target) return;
    if (c.look.restartInProgress(target.name)) {
      await c.respond({ title: L(`A restart of ${target.name} is already in progress.`, `${target.name} 正在重启中。`), tone: 'info', outcome: 'refused' });
      return;
    }
    const { findings, evidence } = await c.look.look(target.name);
    // A profile the root multiplexes has no gateway of its own: the restart is the root's, and every other profile it
    // serves loses its bots for a moment too. Name them and ask first, whatever the health.
    const served = restartVia(target, evidence).served;
    if (served && !confirmed) {
      const others = served.profiles.filter((p) => p !== served.profile);
      const problems = findings.filter((f) => f.severity !== 'info');
      await c.respond({
        title: t(c.locale, 'restart.confirm_root', { target: target.name, profile: served.profile, others: others.join(', ') || '-' }),
        tone: 'warning',
        lines: [
          ...problems.map((f) => `${f.severity === 'critical' ? '🔴' : '🟠'} ${f.title}`),
          L(`Send /restart ${target.name} confirm to restart the root gateway (${served.root}).`, `发送 /restart ${target.name} confirm 重启根网关（${served.root}）。`),
        ],
        buttons: [{ label: L('Restart the root gateway', '重启根网关'), command: `/restart ${target.name} confirm`, style: 'danger' }],
        outcome: 'refused',
      });
      return;
    }
    const healthy = evidence.process.alive && findings.length === 0 && c.look.openIncidents(target.name).length === 0;
    if (healthy && !confirmed) {
      await c.respond({
        title: L(`${target.name} looks healthy. Restart anyway?`, `${target.name} 看起来正常。仍要重启吗？`),
        tone: 'warning',
        lines: [L(`Send /restart ${target.name} confirm to go ahead.`, `发送 /restart ${target.name} confirm 确认重启。`)],
        buttons: [{ label: L('Restart anyway', '仍然重启'), command: `/restart ${target.name} confirm`, style: 'danger' }],
        outcome: 'refused',
      });
      return;
    }
    // A cause a restart cannot fix (a banned bot, a fatal config): say why before restarting for nothing. A cause it
    // can fix next to it (a deaf Feishu beside a banned QQ) is reason enough to go ahead.
    // The same for a cause Hermes is still working on by itself ('wait': its servers unreachable, its retry loop running):
    // a restart would only replace Hermes' own retries with a slower loop.
    const hopeless = findings.filter((f) => (f.restart === 'never' || f.restart === 'wait') && f.severity !== 'info');
    if (hopeless.length && !findings.some((f) => f.restart === 'helps') && !confirmed) {
      const never = hopeless.some((f) => f.restart === 'never');
      await c.respond({
        title: never
          ? L(`A restart will not fix ${target.name}. Restart anyway?`, `重启解决不了 ${target.name} 的问题。仍要重启吗？`)
          : L(`A restart does not help ${target.name} now: Hermes is still retrying. Restart anyway?`, `现在重启帮不了 ${target.name}：Hermes 仍在自动重试。仍要重启吗？`),
        tone: 'warning',
        lines: [
          ...hopeless.flatMap((f) => [`${f.severity === 'critical' ? '🔴' : '🟠'} ${f.title}`, `   ${f.explanation}`, `   → ${f.action}`]),
          L(`Send /restart ${target.name} confirm to restart anyway.`, `如仍要重启，发送 /restart ${target.name} confirm。`),
        ],
        buttons: [
          { label: L('Logs', '日志'), command: `/logs 50 ${target.name}` },
          { label: L('Restart anyway', '仍然重启'), command: `/restart ${target.name} confirm`, style: 'danger' },
        ],
        outcome: 'refused',
      });
      return;
    }
    const res = await c.act.restart(target.name, c.operator.name, c.respond);
    if ('skipped' in res) {
      await c.respond({ title: L(`Not restarting ${target.name}: ${res.skipped}`, `未重启 ${target.name}：${res.skipped}`), tone: 'warning', outcome: 'refused' });
      return;
    }
    await c.respond({
      title: res.ok
        ? L(`Restarted ${target.name}: verified in ${formatDuration(res.durationMs ?? 0)}`, `已重启 ${target.name}：${formatDuration(res.durationMs ?? 0)} 内验证通过`)
        : L(`Restart of ${target.name} failed`, `重启 ${target.name} 失败`),
      tone: res.ok ? 'ok' : 'critical',
      lines: res.detail ? [describeRestart(res, c.locale)!] : undefined,
      buttons: res.ok ? undefined : [{ label: L('Logs', '日志'), command: `/logs 50 ${target.name}` }],
      outcome: res.ok ? 'ok' : 'failed',
    });
  },
};
