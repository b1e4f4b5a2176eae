// Issue 77 item 7: alerts held by a mute were written up as "alert sent" at the minute they were held. A write-up says
// what reached the operator: an alert held by the mute is said held then, and told when the mute's summary told it (or
// never, when it was over before the mute was). Both locales; the app on the test's clock, a real gateway process.
import { afterEach, describe, expect, it } from 'vitest';
import { comebackPort } from './helpers/ports.js';
import { closeScenes, QQ, scene, type Scene, UNREACHABLE } from './helpers/story-scene.js';
import type { Locale, Reply } from '../src/types.js';
import { localStamp } from '../src/util/time.js';

afterEach(closeScenes);

const hms = (ms: number) => localStamp(ms).slice(11, 19);
const timeline = (r: Reply) =>
  (r.lines ?? []).flatMap((l) => {
    const m = /^ {2}(\d\d:\d\d:\d\d) {2}(.*)$/.exec(l);
    return m ? [`${m[1]} ${m[2]}`] : [];
  });

const WORDS = {
  en: {
    sent: 'alert sent',
    held: 'alert held by the mute',
    told: "alert told in the mute's summary",
    nothing: 'What gatewatch did: the mute held its alert; it restarted nothing.',
  },
  'zh-CN': {
    sent: '发出告警',
    held: '告警被静音扣下',
    told: '告警随静音结束时的汇总发出',
    nothing: 'gatewatch 做了什么：告警被静音扣下，未做重启。',
  },
} as const;

/** QQ drops and its loop retries a server this host cannot resolve, every 30 s, `n` times. */
async function qqDown(s: Scene, n: number): Promise<void> {
  await s.log(`WARNING ${QQ} WebSocket error: WebSocket closed`, `INFO ${QQ} Reconnecting in 2s (attempt 1)...`);
  await s.state('disconnected');
  for (let i = 0; i < n; i++) {
    await s.clock.advance(30_000);
    await s.log(
      `WARNING ${QQ} Reconnect failed: ${UNREACHABLE}`,
      `INFO ${QQ} Reconnecting in 30s (attempt ${i + 2})...`,
    );
    await s.h.app.core.evaluate('default');
    await s.settle();
  }
}

describe.each(['en', 'zh-CN'] as const)('a write-up of what a mute held (%s)', (locale: Locale) => {
  const w = WORDS[locale];

  it('over within the mute: held, never said sent', async () => {
    const s = await scene({ qqPort: await comebackPort(), locale });
    await s.h.app.core.evaluate('default');
    await s.h.say('/mute 30m');
    await s.clock.advance(30_000);
    await qqDown(s, 6);
    await s.qqBack();
    await s.look(5_000);
    const [full] = await s.h.say('/incident default-1');
    const rows = timeline(full!);
    expect(
      rows.some((r) => r.endsWith(` ${w.held}`)),
      rows.join('\n'),
    ).toBe(true);
    expect(
      rows.some((r) => r.endsWith(` ${w.sent}`)),
      rows.join('\n'),
    ).toBe(false);
    expect(full!.lines).toContain(w.nothing);
    expect((full!.data as { alert_held?: boolean }).alert_held).toBe(true);
  });

  it('still open when the mute ends: held, then told by its summary at that time', async () => {
    const s = await scene({ qqPort: await comebackPort(), locale });
    await s.h.app.core.evaluate('default');
    await s.h.say('/mute 5m');
    await s.clock.advance(30_000);
    await qqDown(s, 6);
    await s.h.say('/unmute');
    const unmuted = s.clock.now();
    await s.clock.advance(30_000);
    await s.qqBack();
    await s.look(5_000);
    const [full] = await s.h.say('/incident default-1');
    const rows = timeline(full!);
    expect(
      rows.some((r) => r.endsWith(` ${w.held}`)),
      rows.join('\n'),
    ).toBe(true);
    expect(rows, rows.join('\n')).toContain(`${hms(unmuted)} ${w.told}`);
    expect(
      rows.some((r) => r.endsWith(` ${w.sent}`)),
      rows.join('\n'),
    ).toBe(false);
  });
});
