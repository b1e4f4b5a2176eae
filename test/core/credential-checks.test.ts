// Issue 35 item 1: every channel's credentials are asked of its service at start and then now and again, each on its
// own. A refusal found later is said once on the channels that work (not at every check) and shows in the trouble
// list; credentials taken again are said back; a service that does not answer is a network problem, kept apart and
// never called a rejected credential; a service that hangs holds up neither the round nor another channel.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createChannelTrouble } from '../../src/core/channel-trouble.js';
import { createCredentialChecks } from '../../src/core/credential-checks.js';
import type { Alert, Channel, CredentialVerdict } from '../../src/types.js';
import { manualClock } from '../helpers/clock.js';

const HOUR = 3_600_000;

function channel(
  name: string,
  answer: () => CredentialVerdict | Promise<CredentialVerdict>,
): Channel & { asked: number } {
  const ch = {
    name,
    interactive: false,
    asked: 0,
    start: async () => {},
    stop: async () => {},
    deliver: async () => ({ status: 'sent' as const }),
    health: () => ({ name, ok: true, summary: 'connected' }),
    async checkCredentials() {
      ch.asked++;
      return answer();
    },
  };
  return ch;
}

function setup(channels: Channel[]) {
  const clock = manualClock(1_000_000);
  const raised: Alert[] = [];
  const log = pino({ level: 'silent' });
  const trouble = createChannelTrouble({
    locale: 'en',
    clock,
    log,
    channels: () => channels.map((c) => c.name),
    raise: async (a) => void raised.push(a),
  });
  trouble.started();
  const checks = createCredentialChecks({
    channels: () => channels,
    trouble,
    clock,
    log,
    everyMs: HOUR,
    timeoutMs: 5_000,
  });
  return { clock, raised, trouble, checks };
}

describe('credential checks', () => {
  it('finds a token revoked while running at the next check, says it once on the others, and says it back when taken again', async () => {
    let tg: CredentialVerdict = { state: 'accepted', service: 'Telegram' };
    const telegram = channel('telegram', () => tg);
    const pager = channel('pager', () => ({ state: 'accepted', service: 'ntfy' }));
    const { clock, raised, trouble, checks } = setup([telegram, pager]);
    const first = await checks.start();
    expect(first.map((r) => r.verdict.state)).toEqual(['accepted', 'accepted']);
    expect(trouble.list()).toEqual([]);

    tg = { state: 'rejected', service: 'Telegram', answer: '401 Unauthorized', fix: 'Fix: ask @BotFather' };
    await clock.sleep(HOUR);
    await clock.sleep(0);
    expect(telegram.asked).toBe(2);
    expect(trouble.list()).toEqual([
      expect.objectContaining({
        channel: 'telegram',
        credentials: true,
        refusal: { service: 'Telegram', answer: '401 Unauthorized' },
        fix: 'Fix: ask @BotFather',
      }),
    ]);
    expect(raised.map((a) => [a.reply.title, a.to])).toEqual([['Channel telegram cannot deliver alerts', ['pager']]]);
    expect(raised[0]!.reply.lines).toContain('Fix: ask @BotFather');

    // Still refused an hour later: not said again.
    await clock.sleep(HOUR);
    await clock.sleep(0);
    expect(telegram.asked).toBe(3);
    expect(raised).toHaveLength(1);

    tg = { state: 'accepted', service: 'Telegram' };
    await clock.sleep(HOUR);
    await clock.sleep(0);
    expect(trouble.list()).toEqual([]);
    expect(raised.map((a) => a.reply.title)).toEqual([
      'Channel telegram cannot deliver alerts',
      'Channel telegram delivers again',
    ]);
    checks.stop();
  });

  it('keeps a service it cannot reach apart: no trouble, no notice, said as unreachable; and one that hangs holds up nobody', async () => {
    const feishu = channel('feishu', () => ({
      state: 'unreachable',
      service: 'Feishu',
      reason: 'connect ECONNREFUSED 127.0.0.1:9',
    }));
    // Never answers: the round ends at the check's time limit all the same.
    const qq = channel('qq', () => new Promise<CredentialVerdict>(() => {}));
    const pager = channel('pager', () => ({ state: 'accepted', service: 'ntfy' }));
    const { clock, raised, trouble, checks } = setup([feishu, qq, pager]);
    const round = checks.start();
    await new Promise((r) => setImmediate(r));
    expect(pager.asked).toBe(1);
    await clock.sleep(5_000);
    const results = await round;
    expect(results.map((r) => [r.channel, r.verdict.state])).toEqual([
      ['feishu', 'unreachable'],
      ['qq', 'unreachable'],
      ['pager', 'accepted'],
    ]);
    expect(trouble.list()).toEqual([]);
    expect(raised).toEqual([]);
    expect(checks.unreachable().map((u) => [u.channel, u.service, u.reason])).toEqual([
      ['feishu', 'Feishu', 'connect ECONNREFUSED 127.0.0.1:9'],
      ['qq', 'qq', 'no answer within 5 s'],
    ]);
    checks.stop();
  });
});
