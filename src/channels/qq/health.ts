// The QQ channel's line in /status and the health endpoint, from the gateway's state. Pure.
import type { ChannelHealth } from '../../types.js';
import { formatDuration } from '../../util/duration.js';
import type { GatewayState } from './gateway-state.js';

export function qqHealth(s: Readonly<GatewayState> | undefined, o: { halted?: string; queued: number; now: number }): ChannelHealth {
  const ago = (t?: number) => (t === undefined ? '—' : `${formatDuration(o.now - t)} ago`);
  const clock = (t: number) => new Date(t).toTimeString().slice(0, 5);
  const connected = s?.phase === 'connected';
  const fields = [
    { label: 'Connected since', value: connected && s.connectedSince ? `${clock(s.connectedSince)} (${ago(s.connectedSince)})` : 'not connected' },
    { label: 'Last heartbeat ACK', value: ago(s?.lastAckAt) },
    { label: 'Resumes', value: String(s?.resumes ?? 0) },
    { label: 'Queued alerts', value: String(o.queued) },
  ];
  let summary: string;
  if (o.halted) summary = `stopped: ${o.halted}`;
  else if (!s || s.phase === 'idle') summary = 'not started';
  else if (connected) summary = 'connected';
  else summary = `reconnecting, offline ${ago(s.offlineSince).replace(' ago', '')}${s.lastError ? ` (${s.lastError})` : ''}`;
  return { name: 'qq', ok: connected && !o.halted, summary, fields };
}
