// The QQ channel's line in /status and the health endpoint, from the gateway's state, in the reader's words. Pure.
import { t } from '../../i18n.js';
import { say } from './words.js';
import type { ChannelHealth, Locale } from '../../types.js';
import { formatDuration } from '../../util/duration.js';
import type { GatewayState } from './gateway-state.js';

export function qqHealth(
  s: Readonly<GatewayState> | undefined,
  o: { halted?: string; queued: number; now: number; locale?: Locale },
): ChannelHealth {
  const l = o.locale ?? 'en';
  const ago = (at?: number) =>
    at === undefined ? '—' : t(l, 'channel.health.ago', { duration: formatDuration(o.now - at) });
  const clock = (at: number) => new Date(at).toTimeString().slice(0, 5);
  const connected = s?.phase === 'connected';
  const fields = [
    {
      label: say(l, 'channel.health.qq.since'),
      value:
        connected && s.connectedSince
          ? `${clock(s.connectedSince)} (${ago(s.connectedSince)})`
          : say(l, 'channel.health.qq.not_connected'),
    },
    { label: say(l, 'channel.health.qq.last_ack'), value: ago(s?.lastAckAt) },
    { label: say(l, 'channel.health.qq.resumes'), value: String(s?.resumes ?? 0) },
    { label: say(l, 'channel.health.qq.queued'), value: String(o.queued) },
  ];
  let summary: string;
  if (o.halted) summary = say(l, 'channel.health.qq.halted', { reason: o.halted });
  else if (!s || s.phase === 'idle') summary = t(l, 'channel.health.not_started');
  else if (connected) summary = t(l, 'channel.health.state.connected');
  else {
    const down = say(l, 'channel.health.qq.reconnecting', {
      duration: s.offlineSince === undefined ? '—' : formatDuration(o.now - s.offlineSince),
    });
    summary = s.lastError ? t(l, 'channel.health.error', { text: down, error: s.lastError }) : down;
  }
  return { name: 'qq', ok: connected && !o.halted, summary, fields };
}
