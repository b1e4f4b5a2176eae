// The channels a config names, each as its plugin describes it: what delivery, routing and doctor need to know of a
// channel without knowing any channel by name.
import type { AnyChannelSpec } from './channel-spec.js';
import type { Phrase } from '../i18n.js';
import type { Worded } from './schema-text.js';

export interface ConfiguredChannel {
  /** The name alerts.routes, fallback and /test use: the chat channel's type, or the notifier's `name` (else type). */
  name: string;
  type: string;
  kind: 'chat' | 'notifier';
  /** The Hermes platform it travels over, if a gateway can serve it. */
  platform?: string;
  /** A notifier that stands by for this chat channel type when no routes or fallbacks are written. */
  standbyFor?: string;
  /** What doctor adds when an escalation goes through it. */
  escalationNote?: Phrase | Worded;
  /** Its validated settings. */
  settings: Record<string, unknown>;
}

/** Chat channels first (in the plugins' order), then the notifiers as listed. */
export function listChannels(
  channels: { notifiers: Record<string, unknown>[] } & Record<string, unknown>,
  specs: readonly AnyChannelSpec[],
): ConfiguredChannel[] {
  const out: ConfiguredChannel[] = [];
  const describe = (spec: AnyChannelSpec, name: string, settings: Record<string, unknown>): ConfiguredChannel => ({
    name,
    type: spec.type,
    kind: spec.kind,
    ...(spec.platform ? { platform: spec.platform } : {}),
    ...(spec.standbyFor ? { standbyFor: spec.standbyFor } : {}),
    ...(spec.escalationNote?.(settings) ? { escalationNote: spec.escalationNote(settings) } : {}),
    settings,
  });
  for (const spec of specs.filter((p) => p.kind === 'chat')) {
    const settings = channels[spec.type];
    if (settings && typeof settings === 'object')
      out.push(describe(spec, spec.type, settings as Record<string, unknown>));
  }
  for (const n of channels.notifiers) {
    const spec = specs.find((p) => p.kind === 'notifier' && p.type === n.type);
    if (spec) out.push(describe(spec, String(n.name ?? n.type), n));
  }
  return out;
}
