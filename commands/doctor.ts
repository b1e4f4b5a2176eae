// /doctor: every check plus deployment lint (launchd --replace, systemd Restart=, a proxy on the Feishu path), the
// Hermes install as found (version, control socket, serving), and the homes discovery picked when no targets are set.
import type { Config } from '../src/config/schema.js';
import type { Evidence } from '../src/evidence.js';
import type { Locale, Reply } from '../src/types.js';
import { pick } from '../src/i18n.js';
import type { ViewerCommand } from './types.js';
import { firstWordIsTarget, targetOnly, type TargetOnly } from './args.js';
import { findingsReply } from '../src/delivery/findings-reply.js';
import { targetsArg } from './targets.js';
import { controlSocketText, hermesFields } from './hermes-facts.js';

export const doctor: ViewerCommand<TargetOnly> = {
  name: 'doctor',
  role: 'viewer',
  args: targetOnly,
  fromWords: firstWordIsTarget,
  usage: '/doctor [target]',
  summary: { en: 'checks plus deployment lint', 'zh-CN': '检查并诊断部署配置' },
  async run(c) {
    const found = discoveredReply(c.look.settings.discovered, c.locale);
    if (found && !c.args.target) await c.respond(found);
    for (const { name, hermes_home } of await targetsArg(c, c.args.target)) {
      const r = await c.look.look(name, { doctor: true });
      const ev = r.evidence;
      const reply = findingsReply(name, r.findings, c.locale);
      const L = (en: string, zh: string) => pick(c.locale, { en, 'zh-CN': zh });
      const control = controlSocketText(ev, c.locale);
      reply.fields = [
        { label: 'hermes_home', value: hermes_home },
        ...hermesFields(ev, c.locale),
        ...(control ? [{ label: L('control socket', '控制套接字'), value: control }] : []),
        { label: L('service', '服务'), value: serviceText(ev, c.locale) },
        { label: L('log', '日志'), value: logText(ev, c.locale) },
        { label: L('state file', '状态文件'), value: stateText(ev, c.locale) },
        { label: L('channels', '通道'), value: c.look.channels().map((h) => `${h.name}${h.ok ? '' : ' (!)'}`).join(', ') || '-' },
      ];
      const routes = c.look.routesReport([...new Set([...ev.expectedPlatforms, ...Object.keys(ev.state?.platforms ?? {})])], c.locale);
      reply.fields = [...reply.fields, ...routes.fields];
      if (routes.warnings.length) reply.lines = [...(reply.lines ?? []), ...routes.warnings];
      await c.respond(reply);
    }
  },
};

function serviceText(ev: Evidence, locale: Locale): string {
  const L = (en: string, zh: string) => pick(locale, { en, 'zh-CN': zh });
  // Since the multiplex migration a served profile's own unit is removed on purpose (hermes-gateway-current.md §2.5).
  if (ev.hermes?.serving?.role === 'served')
    return L('none of its own: the root gateway serves this profile (a unit removed by the multiplex migration is expected)', '无独立服务：由根网关服务此 profile（多路复用迁移删除其服务单元属正常）');
  const s = ev.service;
  return `${s.manager}${s.name ? ` ${s.name}` : ''}${s.error ? ` ("${s.error}")` : ''}`;
}

function logText(ev: Evidence, locale: Locale): string {
  const L = (en: string, zh: string) => pick(locale, { en, 'zh-CN': zh });
  const sv = ev.hermes?.serving;
  // A served profile's lines go to its own logs/ or to the root's, depending on the Hermes version (§2.6): both are read.
  if (sv?.role === 'served' && ev.log.error && sv.rootHome)
    return L(`${ev.log.file}: none yet; the root's logs (${sv.rootHome}/logs) carry this profile's lines too`, `${ev.log.file}：尚无；根网关的日志（${sv.rootHome}/logs）也记录此 profile 的内容`);
  return ev.log.error ? `${ev.log.file}: "${ev.log.error}"` : ev.log.file;
}

function stateText(ev: Evidence, locale: Locale): string {
  const L = (en: string, zh: string) => pick(locale, { en, 'zh-CN': zh });
  if (ev.stateError) return `"${ev.stateError}"`;
  if (ev.hermes?.serving?.ownStateStale) return L("left over from before the multiplex migration: the root's is used", '多路复用迁移前遗留的文件：改用根网关的状态文件');
  if (ev.hermes?.serving?.role === 'served') return L("the root's (served profile)", '使用根网关的（被服务的 profile）');
  return ev.state ? L('ok', '正常') : L('missing', '缺失');
}

/** With no `targets` in the config: which Hermes homes were found and will be watched. */
export function discoveredReply(d: Config['discovered'], locale: Locale): Reply | undefined {
  if (!d) return undefined;
  const L = (en: string, zh: string) => pick(locale, { en, 'zh-CN': zh });
  if (!d.homes.length)
    return {
      title: L(`No Hermes home found under ${d.root}`, `在 ${d.root} 下没有找到 Hermes 目录`),
      tone: 'warning',
      lines: [L('Set `targets` in the config to watch a home elsewhere.', '如果 Hermes 在别处，请在配置中设置 `targets`。')],
    };
  const mode = (m: 'root' | 'standalone' | 'served') =>
    m === 'root' ? L('root gateway', '根网关') : m === 'served' ? L('served by the root gateway', '由根网关服务') : L('standalone gateway', '独立网关');
  const width = Math.max(...d.homes.map((h) => h.name.length));
  return {
    title: L(`Hermes homes found under ${d.root}: ${d.homes.length}`, `在 ${d.root} 下找到 ${d.homes.length} 个 Hermes 目录`),
    tone: 'info',
    lines: [
      ...d.homes.map((h) => `${h.name.padEnd(width)}  ${mode(h.mode)}  ${h.home}`),
      L('Watched because the config has no `targets`; set them to choose.', '因为配置中没有 `targets` 而全部监视；设置 `targets` 可自行选择。'),
    ],
  };
}
