// /doctor: every check plus deployment lint (launchd --replace, systemd Restart=, a proxy on the Feishu path), the
// Hermes install as found (version, control socket, serving), and the homes discovery picked when no targets are set.
import type { Config } from '../src/config/schema.js';
import type { Evidence } from '../src/evidence.js';
import type { Locale, Reply } from '../src/types.js';
import { channelName, t } from '../src/i18n.js';
import type { CommandRun, LookContext } from './types.js';
import type { TargetOnly } from './args.js';
import { findingsReply } from '../src/delivery/findings-reply.js';
import { dialectOf } from '../src/util/command-line.js';
import { targetsArg } from './targets.js';
import { controlSocketText, hermesFields } from './hermes-facts.js';
import { doctorServiceValue } from './service-line.js';
import { cannotDeliverLines, unreachableLine } from '../src/delivery/channel-down.js';

export const doctor: CommandRun<LookContext<TargetOnly>> = {
  async run(c) {
    const found = discoveredReply(c.look.settings.discovered, c.locale);
    if (found && !c.args.target) await c.respond(found);
    const open = c.look.settings.httpOpen;
    if (open)
      await c.respond({
        title: t(c.locale, 'doctor.http.open'),
        tone: 'warning',
        lines: [t(c.locale, 'http.open_local', { listen: open })],
      });
    for (const { name, hermes_home } of await targetsArg(c, c.args.target)) {
      const r = await c.look.look(name, { doctor: true });
      const ev = r.evidence;
      const reply = findingsReply(name, r.findings, c.locale, { dialect: dialectOf(c.channel) });
      const control = controlSocketText(ev, c.locale);
      const channels = c.look.channels(c.locale);
      reply.fields = [
        { label: 'hermes_home', value: hermes_home },
        ...hermesFields(ev, c.locale),
        ...(control ? [{ label: t(c.locale, 'doctor.field.control_socket'), value: control }] : []),
        { label: t(c.locale, 'doctor.field.service'), value: doctorServiceValue(ev, c.locale) },
        { label: t(c.locale, 'doctor.field.log'), value: logText(ev, c.locale) },
        { label: t(c.locale, 'doctor.field.state_file'), value: stateText(ev, c.locale) },
        {
          label: t(c.locale, 'doctor.field.channels'),
          // The channels running now: only the daemon runs them (the configured ones are the alert channels below).
          value: channels.length
            ? channels
                .map((h) => `${channelName(c.locale, h.name)}${h.ok ? '' : ' (!)'}`)
                .join(t(c.locale, 'list.comma'))
            : t(c.locale, 'doctor.channels.none'),
        },
      ];
      // Every (!) is explained: which channel, and its own account of what is wrong (read once, so the marks and the
      // reasons are of the same moment).
      const sick = channels.filter((h) => !h.ok);
      if (sick.length)
        reply.lines = [
          ...(reply.lines ?? []),
          ...sick.map((h) => t(c.locale, 'doctor.channel.down', { channel: h.name, summary: h.summary })),
        ];
      // A channel that cannot deliver is a ✗ with its fix, and the verdict says so: "all checks pass" it is not.
      const trouble = c.look.channelTrouble?.() ?? { down: [], unreachable: [] };
      const told = [
        ...trouble.down.flatMap((d) => cannotDeliverLines(d, c.locale)),
        ...trouble.unreachable.map((u) => unreachableLine(u, c.locale)),
      ];
      if (told.length) reply.lines = [...(reply.lines ?? []), ...told];
      if (trouble.down.length && !r.findings.length) {
        reply.title = t(c.locale, 'doctor.channels.title', {
          target: name,
          channels: trouble.down.map((d) => d.channel).join(t(c.locale, 'list.comma')),
        });
        reply.tone = 'warning';
      }
      const routes = c.look.routesReport(
        [...new Set([...ev.expectedPlatforms, ...Object.keys(ev.state?.platforms ?? {})])],
        c.locale,
      );
      reply.fields = [...reply.fields, ...routes.fields];
      if (routes.warnings.length) reply.lines = [...(reply.lines ?? []), ...routes.warnings];
      await c.respond(reply);
    }
  },
};

function logText(ev: Evidence, locale: Locale): string {
  const sv = ev.hermes?.serving;
  // A served profile's lines go to its own logs/ or to the root's, depending on the Hermes version (§2.6): both are read.
  if (sv?.role === 'served' && ev.log.error && sv.rootHome)
    return t(locale, 'doctor.log.served', { file: ev.log.file, root: sv.rootHome });
  return ev.log.error ? `${ev.log.file}: "${ev.log.error}"` : ev.log.file;
}

function stateText(ev: Evidence, locale: Locale): string {
  if (ev.stateError) return `"${ev.stateError}"`;
  if (ev.hermes?.serving?.ownStateStale) return t(locale, 'doctor.state.stale_own');
  if (ev.hermes?.serving?.role === 'served') return t(locale, 'doctor.state.served');
  return ev.state ? t(locale, 'doctor.state.ok') : t(locale, 'doctor.state.missing');
}

/** With no `targets` in the config: which Hermes homes were found and will be watched. */
export function discoveredReply(d: Config['discovered'], locale: Locale): Reply | undefined {
  if (!d) return undefined;
  if (!d.homes.length)
    return {
      title: t(locale, 'doctor.discovered.none', { root: d.root }),
      tone: 'warning',
      lines: [t(locale, 'doctor.discovered.none_hint')],
    };
  const width = Math.max(...d.homes.map((h) => h.name.length));
  return {
    title: t(locale, 'doctor.discovered.title', { root: d.root, count: d.homes.length }),
    tone: 'info',
    lines: [
      ...d.homes.map((h) => `${h.name.padEnd(width)}  ${t(locale, `doctor.mode.${h.mode}`)}  ${h.home}`),
      t(locale, 'doctor.discovered.hint'),
    ],
  };
}
