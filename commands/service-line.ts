// The service line of /status and /doctor: who runs the gateway and what it says of it, and (doctor) what gatewatch
// can do there, all read off one decision (src/detectors/lever.ts). A gateway in the image's s6 slot is said as its
// container and slot, one that is its container's own program as the container, and one whose runtime did not answer
// as watched only: never "the container's s6" beside a lever that restarts the container, nor a restart beside
// "cannot restart".
import type { Evidence } from '../src/evidence.js';
import type { Locale } from '../src/types.js';
import { t, wordOf, wordParam } from '../src/i18n.js';
import { leverOf, slotIsDown, type Lever } from '../src/detectors/lever.js';
import { serviceParams, serviceSaid } from '../src/detectors/service-words.js';
import { runtimeOf } from '../src/probes/supervisors/index.js';

const code = (cmd: string) => `\`${cmd}\``;

/** /status's: `Docker container hermes, s6 slot gateway-default: up (pid 43) 2 seconds`. */
export function statusServiceValue(ev: Evidence, locale: Locale): string {
  const lever = leverOf(ev);
  const line = whoAndState(ev, locale, lever);
  if (lever.can !== 'watch') return line;
  const watch = t(locale, lever.why === 'config' ? 'service.watch_only.config' : 'service.watch_only');
  return t(locale, 'service.line.lever', { line, lever: watch });
}

/** /doctor's: the same, and what gatewatch does there (`gatewatch restarts it with `docker exec …``). */
export function doctorServiceValue(ev: Evidence, locale: Locale): string {
  const lever = leverOf(ev);
  // Since the multiplex migration a served profile's own unit is removed on purpose.
  if (lever.through === 'root') return t(locale, 'doctor.service.served');
  const s = ev.service;
  if (lever.through === 'session' && s.origin)
    return t(locale, 'doctor.service.unmanaged', { via: t(locale, `origin.via.${s.origin.via}`) });
  return t(locale, 'service.line.lever', {
    line: whoAndState(ev, locale, lever),
    lever: leverWords(ev, locale, lever),
  });
}

function whoAndState(ev: Evidence, locale: Locale, lever: Lever): string {
  const s = ev.service;
  const runtime = runtimeOf(s.manager) ?? s.manager;
  const said = (who: string, state: string | undefined) =>
    state ? t(locale, 'status.service.said', { who, state }) : who;
  // A container runtime's (Docker's, Podman's): its container, and its s6 slot where it has one.
  if (runtimeOf(s.manager)) {
    const c = s.container;
    if (!c && s.rootless)
      return said(
        t(locale, 'service.container.rootless', {
          container: s.name ?? '?',
          user: s.rootless.user ?? `uid ${s.rootless.uid}`,
        }),
        t(locale, 'service.container.unread_rootless', { user: s.rootless.user ?? `uid ${s.rootless.uid}` }),
      );
    if (!c)
      return said(
        s.name
          ? t(locale, 'service.container', { runtime, container: s.name })
          : t(locale, 'service.container.not_found', { runtime }),
        t(locale, s.state === 'removed' ? 'service.container.removed' : 'service.container.unread', { runtime }),
      );
    if (s.supervised === false || !c.running || !s.slot)
      return said(
        t(locale, s.supervised === false ? 'service.container.program' : 'service.container', {
          runtime,
          container: c.name,
        }),
        wordOf(locale, 'status.lifecycle', c.status),
      );
    const state = s.slot.status?.line ?? (s.slot.missing ? t(locale, 'evidence.slot.missing') : s.error);
    return said(t(locale, 'service.container.slot', { runtime, container: c.name, slot: s.slot.name }), state);
  }
  if (lever.through === 'commands' && !s.error) {
    const exit = /\(exit (-?\d+)\)/.exec(s.state ?? '')?.[1];
    const state =
      s.active === true
        ? t(locale, 'status.lifecycle.running')
        : exit !== undefined
          ? t(locale, 'service.commands.down', { code: exit })
          : undefined;
    return said(wordParam(locale, serviceSaid(s).manager), state);
  }
  const ss = serviceSaid(s);
  const who = `${wordParam(locale, ss.manager)}${s.name ? ` ${s.name}` : ''}`;
  return said(who, ss.state ? wordParam(locale, ss.state) : s.error ? `"${s.error}"` : undefined);
}

/** What gatewatch does to it, and with which command where that is the container's. */
function leverWords(ev: Evidence, locale: Locale, lever: Lever): string {
  const s = ev.service;
  const runtime = runtimeOf(s.manager) ?? s.manager;
  if (lever.can === 'watch')
    return lever.why === 'runtime'
      ? t(locale, 'service.lever.watch_runtime', { runtime, error: s.error ?? '?' })
      : lever.why === 'rootless'
        ? t(locale, 'service.lever.watch_rootless', {
            user: s.rootless?.user ?? `uid ${s.rootless?.uid}`,
            cmd: wordParam(locale, serviceParams(ev).restart),
          })
        : t(locale, lever.why === 'config' ? 'service.watch_only.config' : 'service.lever.watch_none');
  const words = serviceParams(ev);
  const name = s.container?.name ?? s.name ?? '?';
  switch (lever.through) {
    case 'slot':
      return slotIsDown(s)
        ? t(locale, 'service.lever.start', { cmd: wordParam(locale, words.start) })
        : t(locale, 'service.lever.restart', { cmd: wordParam(locale, words.restart) });
    case 'container':
      return lever.can === 'start'
        ? t(locale, 'service.lever.container_start', { cmd: code(`${s.manager} start ${name}`) })
        : t(locale, 'service.lever.container_restart', { cmd: code(`${s.manager} restart ${name}`) });
    case 'commands':
      return t(locale, 'service.lever.commands');
    default:
      return t(locale, 'service.lever.service', { manager: wordParam(locale, serviceSaid(s).manager), runtime });
  }
}
