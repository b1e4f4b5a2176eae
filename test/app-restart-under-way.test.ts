// Issue 76 item 4: an automatic restart ran 90 s with nothing on the console or the phone, /status said "last restart
// none" while it ran, and only a /restart answered "already in progress". Now a restart gatewatch began by itself is
// said once it has run a few seconds (when it began, for what, what it waits for and until when), /status and /restart
// say it while it runs, and it ends with its result; one that is verified at once is said by its result alone, and a
// mute holds its message as it holds every other. On the test's own clock: the gateway is a real process, the
// supervisor a real command that returns at once, the new gateway appears when the test says.
import { afterEach, describe, expect, it } from 'vitest';
import type { RestartRecord } from '../src/actions/restart-policy.js';
import { SAY_BEGIN_AFTER_MS } from '../src/core/remediate.js';
import type { Locale, Reply } from '../src/types.js';
import { startHarness, type Harness } from './helpers/harness.js';
import { healthyLiveGateway } from './helpers/live-gateway.js';
import { cleanup } from './helpers/probe-procs.js';
import { manualClock } from './helpers/clock.js';
import { phone, type Phone } from './helpers/phone.js';
import { localStamp } from '../src/util/time.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await cleanup();
});

const hms = (ms: number) => localStamp(ms).slice(11, 19);

/** A field of a reply by its label. */
const field = (r: Reply | undefined, label: string) => r?.fields?.find((f) => f.label === label)?.value;

/**
 * A SIGKILLed gateway that gatewatch restarts; the new one appears `backAfterMs` of clock time after the restart
 * began. `during(t0)` runs at `duringAt` into the restart, while it waits (the restart's clock stands still meanwhile).
 */
async function slowRestart(o: {
  locale: Locale;
  backAfterMs: number;
  duringAt?: number;
  during?: (p: Phone) => Promise<void>;
  before?: (h: Harness) => Promise<void>;
}): Promise<{ p: Phone; rec: RestartRecord; t0: number }> {
  const clock = manualClock();
  let ended!: (r: RestartRecord) => void;
  const restarted = new Promise<RestartRecord>((r) => (ended = r));
  const p = phone();
  h = await startHarness({
    start: false,
    channels: [p.ch],
    target: {
      service: { manager: 'command', restart: [process.execPath, '-e', '0'], start: [process.execPath, '-e', '0'] },
    },
    config: { locale: o.locale, remediate: { cooldown: '0s', verify_timeout: '90s' } },
    appOptions: { clock, onRestart: (rec) => ended(rec) },
  });
  const home = h.hermesHome;
  const first = await healthyLiveGateway(home);
  expect((await h.app.core.evaluate('default')).findings).toEqual([]);
  await o.before?.(h);

  process.kill(first.pid, 'SIGKILL');
  await first.exited;
  const t0 = clock.now();
  clock.at(t0 + o.backAfterMs, async () => void (await healthyLiveGateway(home, { runAt: clock.now(), append: true })));
  if (o.during) clock.at(t0 + (o.duringAt ?? 10_000), () => o.during!(p));
  await h.app.core.evaluate('default');
  const rec = await restarted;
  // onRestart reports the record a moment before its result is said and the restart lets go of the target.
  while (h.app.core.restartInProgress('default')) await new Promise((r) => setImmediate(r));
  await h.app.outbox.flush();
  return { p, rec, t0 };
}

describe('a restart under way is said', () => {
  it('en: said after a few seconds with what it waits for, on /status and /restart while it runs, then its result', async () => {
    let status: Reply | undefined;
    let again: Reply | undefined;
    let toldBy: number | undefined;
    const { p, rec, t0 } = await slowRestart({
      locale: 'en',
      backAfterMs: 40_000,
      duringAt: 12_000,
      async during(p) {
        await h!.app.outbox.flush();
        toldBy = p.got.length;
        [status] = await h!.say('/status');
        [again] = await h!.say('/restart');
      },
    });
    expect(rec).toMatchObject({ ok: true, actor: 'gatewatch' });
    const until = hms(t0 + 90_000);
    // The message that it began: after SAY_BEGIN_AFTER_MS, before its result, saying when, for what, what it waits for.
    const begun = p.got.find((a) => a.kind === 'restart' && a.reply.title === 'Restarting default…');
    expect(begun, JSON.stringify(p.titles())).toBeDefined();
    expect(begun!.createdAt - t0).toBeGreaterThanOrEqual(SAY_BEGIN_AFTER_MS);
    expect(begun!.createdAt - t0).toBeLessThan(SAY_BEGIN_AFTER_MS + 1_000);
    expect(field(begun!.reply, 'since')).toBe(hms(t0));
    expect(field(begun!.reply, 'by')).toBe('gatewatch');
    expect(field(begun!.reply, 'reason')).toMatch(/\S/);
    expect(begun!.reply.lines).toEqual([`Waiting for Feishu, QQ connected, until ${until} at the latest.`]);
    // It had gone out by the time the operator looked, 12 s in.
    expect(toldBy).toBeGreaterThan(p.got.indexOf(begun!));
    // One message per phase: begun once, ended once.
    const restartTitles = p.got.filter((a) => a.kind === 'restart').map((a) => a.reply.title);
    expect(restartTitles).toEqual(['Restarting default…', expect.stringMatching(/^Restarted default: verified in /)]);

    // /status while it ran: no "last restart none" alone, but the restart under way.
    const under = field(status, 'restarting');
    expect(under).toBe(
      `since ${hms(t0)} (12s), by gatewatch, for ${field(begun!.reply, 'reason')}; waiting for Feishu, QQ connected until ${until}`,
    );
    expect(field(status, 'last restart')).toBe('none');
    // /restart: already in progress, and which.
    expect(again?.title).toBe('A restart of default is already in progress.');
    expect(field(again, 'restarting')).toBe(under);
  });

  it('zh-CN: the same in Chinese', async () => {
    let status: Reply | undefined;
    const { p, t0 } = await slowRestart({
      locale: 'zh-CN',
      backAfterMs: 40_000,
      duringAt: 12_000,
      async during() {
        [status] = await h!.say('/status');
      },
    });
    const until = hms(t0 + 90_000);
    const begun = p.got.find((a) => a.kind === 'restart' && a.reply.title === '正在重启 default…');
    expect(begun, JSON.stringify(p.titles())).toBeDefined();
    expect(begun!.reply.lines).toEqual([`正在等待 飞书、QQ 连上，最迟到 ${until}。`]);
    expect(field(status, '正在重启')).toMatch(
      new RegExp(`^自 ${hms(t0)} 起（已 12 ?秒），由 gatewatch 发起，原因：.+；等待 飞书、QQ 连上，最迟到 ${until}$`),
    );
  });

  it('a restart verified within a few seconds is said by its result alone', async () => {
    const { p, rec } = await slowRestart({ locale: 'en', backAfterMs: 2_000 });
    expect(rec.ok).toBe(true);
    const restartTitles = p.got.filter((a) => a.kind === 'restart').map((a) => a.reply.title);
    expect(restartTitles).toEqual([expect.stringMatching(/^Restarted default: verified in /)]);
  });

  it('a mute holds its message as it holds the others', async () => {
    const { p } = await slowRestart({
      locale: 'en',
      backAfterMs: 40_000,
      before: async (x) => void (await x.say('/mute 1h')),
    });
    expect(p.got.filter((a) => a.kind === 'restart')).toEqual([]);
    expect(h!.app.core.state.mute?.held).toBeGreaterThanOrEqual(2);
  });
});
