// The Feishu channel's line in /status and the health endpoint, from the long connection's status, in the reader's
// words.
import { t as text, wordOf } from '../../i18n.js';
import type { ChannelHealth, Locale } from '../../types.js';
import { formatDuration } from '../../util/duration.js';
import { say } from './words.js';
import type { WsStatus } from './ws.js';

export function feishuHealth(
  s: WsStatus | undefined,
  f: { now(): number; lastEventAt?: number; locale: Locale },
): ChannelHealth {
  const l = f.locale;
  if (!s) return { name: 'feishu', ok: false, summary: text(l, 'channel.health.not_started') };
  const t = f.now();
  const ago = (ms?: number) =>
    ms === undefined
      ? text(l, 'channel.health.never')
      : text(l, 'channel.health.ago', { duration: formatDuration(t - ms) });
  const ok = s.state === 'connected';
  const state = wordOf(l, 'channel.health.state', s.state);
  const down =
    s.downSince !== undefined
      ? text(l, 'channel.health.for', { state, duration: formatDuration(t - s.downSince) })
      : state;
  const summary = ok
    ? say(l, 'channel.health.feishu.connected', {
        duration: formatDuration(t - (s.connectedAt ?? t)),
        event: ago(f.lastEventAt),
      })
    : s.lastError
      ? text(l, 'channel.health.error', { text: down, error: s.lastError })
      : down;
  return {
    name: 'feishu',
    ok,
    summary,
    fields: [
      { label: say(l, 'channel.health.feishu.reconnects'), value: String(s.reconnects) },
      { label: say(l, 'channel.health.feishu.restarts'), value: String(s.restarts) },
    ],
  };
}
