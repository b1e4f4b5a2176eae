// Platforms whose adapter runs its own reconnect loop, below the runner's watcher (hermes-gateway-current.md §6,
// §8.11): what each of its lines says about the connection. The runner's and QQ's and Feishu's lines are read in
// outages.ts; these add the rest, so every platform's loop counts toward a storm and toward "still retrying / gave up".
// Only lines the reference quotes; a platform whose loop it does not quote is not guessed at.

export interface AdapterLoop {
  platform: string;
  /** The adapter's tag, `[%s]` = `platform.value.title()`. */
  tag: string;
  /** The connection dropped. */
  drop: RegExp;
  /** A reconnect was scheduled. */
  retry?: RegExp;
  /** A reconnect attempt failed; group 1, when there is one, says why. */
  error?: RegExp;
  /** Connected (again). */
  connect?: RegExp;
  /** The loop stopped for good. */
  giveUp?: RegExp;
  /**
   * The loop restarts the connection without a success line (DingTalk): the retry line itself ends the outage, so
   * the next error is a new drop.
   */
  retryReconnects?: boolean;
}

export const ADAPTER_LOOPS: readonly AdapterLoop[] = [
  {
    // `[%s] Stream client error: %s` → `[%s] Reconnecting in %ds...` → the stream restarts, no success line.
    platform: 'dingtalk',
    tag: 'Dingtalk',
    drop: /^Stream client error: /,
    retry: /^Reconnecting in \d+s\.\.\./,
    error: /^Failed to connect: (.+)$/,
    connect: /^Connected via Stream Mode/,
    retryReconnects: true,
  },
  {
    // §8.11: a close or two missed pongs, then up to 100 attempts (~95 min), then a give-up that is not fatal.
    platform: 'yuanbao',
    tag: 'Yuanbao',
    drop: /^(?:WebSocket connection closed: code=|Heartbeat threshold exceeded, triggering reconnect)/,
    retry: /^Reconnect attempt \d+\/\d+ in \d+s/,
    error: /^(?:Reconnect attempt \d+ failed: (.+)|Reconnect attempt \d+ (timed out)|(Re-auth failed) on attempt \d+)$/,
    connect: /^Reconnected on attempt \d+/,
    giveUp: /^(?:Giving up after \d+ reconnect attempts|Close code \d+ is non-recoverable, NOT reconnecting)/,
  },
  {
    // `[%s] WebSocket error: %s` → backoff → `[%s] Reconnected` or `[%s] Reconnect failed: %s` / `Reconnect timed out`.
    platform: 'wecom',
    tag: 'Wecom',
    drop: /^WebSocket error: /,
    error: /^(?:Reconnect failed: (.+)|(Reconnect timed out after \S+))$/,
    connect: /^Reconnected$/,
  },
  {
    // `[Slack] Socket Mode unhealthy (%s); reconnecting`, `[Slack] Socket Mode reconnect failed: %s`.
    platform: 'slack',
    tag: 'Slack',
    drop: /^Socket Mode unhealthy \(.*\); reconnecting/,
    error: /^Socket Mode reconnect failed: (.+)$/,
  },
];

const BY_TAG = new Map(ADAPTER_LOOPS.map((l) => [l.tag.toLowerCase(), l]));
const TAG = /^\[([A-Za-z]+)\] /;

/** The loop a message belongs to (by its adapter tag) and the message without the tag. */
export function adapterLoopOf(message: string): { loop: AdapterLoop; body: string } | undefined {
  const m = TAG.exec(message);
  const loop = m && BY_TAG.get(m[1]!.toLowerCase());
  return loop ? { loop, body: message.slice(m![0].length) } : undefined;
}

/** The failure text of an error line ('' when it does not say why); undefined when the line is not one. */
export function loopError(loop: AdapterLoop, body: string): string | undefined {
  const m = loop.error?.exec(body);
  return m ? (m.slice(1).find((g) => g !== undefined) ?? '') : undefined;
}
