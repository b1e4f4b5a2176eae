// What to do when QQ closes the gateway socket: resume, identify afresh, or stop for good. Pure.
export type Next = 'resume' | 'identify';

export interface CloseDecision {
  action: Next | 'stop';
  reason: string;
  refreshToken?: boolean;
  /** -1: the rate-limited wait (GatewayTimings.rateLimitedWaitMs). */
  minDelayMs?: number;
}

const HALT_CODES: Record<number, string> = {
  4001: 'invalid opcode (a gatewatch bug)',
  4002: 'invalid payload (a gatewatch bug)',
  4010: 'invalid shard',
  4011: 'too many guilds for one shard',
  4012: 'invalid gateway version',
  4013: 'invalid intents: check channels.qq.intents',
  4014: "intents not permitted for this bot: check channels.qq.intents and the bot's permissions on q.qq.com",
  4914: 'the bot is delisted (下架) and only the sandbox may connect: fix it on q.qq.com, then restart gatewatch',
  4915: 'the bot is banned (封禁): appeal on q.qq.com before connecting again',
};

/** What to do after QQ closes the socket with `code` (reference §3 plus field reports). */
export function closePolicy(code: number, hasSession: boolean): CloseDecision {
  const halt = HALT_CODES[code];
  if (halt) return { action: 'stop', reason: `QQ closed the gateway with ${code}: ${halt}` };
  if (code === 4004) return { action: 'identify', refreshToken: true, reason: 'close 4004: token invalid' };
  if (code === 4006 || code === 4007 || (code >= 4900 && code <= 4913)) {
    return { action: 'identify', refreshToken: true, reason: `close ${code}: session cannot be resumed` };
  }
  const resumeOr: Next = hasSession ? 'resume' : 'identify';
  if (code === 4008) return { action: resumeOr, minDelayMs: -1, reason: 'close 4008: sending too fast' };
  if (code === 4009) return { action: resumeOr, reason: 'close 4009: connection expired' };
  // The official rule for the remaining 4xxx codes: identify again. Below 4000 it is the transport: resume.
  if (code >= 4000) return { action: 'identify', reason: `close ${code}` };
  return { action: resumeOr, reason: `connection lost (${code})` };
}
