// Issue 55 item 4: the same fault, the same advice. QQ's servers unreachable from this host: in one home the alert said
// "a restart would not bring them back" with a Restart button and "by hand: /restart demo", in another (where
// gatewatch's own egress check failed too) "Do not restart the gateway for this" and no button. And every death alert
// said "gatewatch restarts it by itself when auto-restart is on" beside "no: automatic restarts are paused". One
// advice each: no restart offered where the words say it would not help, and "by hand" only where gatewatch will
// not. The app on the test's clock, a real gateway process, QQ's servers and the egress host refused ports.
import { afterEach, describe, expect, it } from 'vitest';
import { comebackPort } from './helpers/ports.js';
import { closeScenes, QQ, scene, UNREACHABLE, type Scene } from './helpers/story-scene.js';
import type { Alert, Locale } from '../src/types.js';

afterEach(closeScenes);

const sentences = (a: Alert) => [
  a.reply.title,
  ...(a.reply.fields ?? []).map((f) => `${f.label}: ${f.value}`),
  ...(a.reply.lines ?? []),
];

/** What an alert advises about restarting: a button, a command to type, an automatic restart promised. */
function advice(a: Alert) {
  const text = sentences(a).join('\n');
  return {
    button: (a.reply.buttons ?? []).some((b) => b.command.startsWith('/restart')),
    byHand: /`\/restart default`|\/restart does it now|\/restart 可立即/.test(text),
  };
}

/** QQ drops; Hermes' retries fail on a name it cannot resolve, past the grace. */
async function unreachable(s: Scene) {
  await s.log(`WARNING ${QQ} WebSocket error: WebSocket closed`, `INFO ${QQ} Reconnecting in 2s (attempt 1)...`);
  await s.state('disconnected');
  for (let i = 2; i <= 5; i++) {
    await s.clock.advance(30_000);
    await s.log(
      `WARNING ${QQ} Reconnect failed: ${UNREACHABLE}`,
      `WARNING ${QQ} WebSocket error: WebSocket closed`,
      `INFO ${QQ} Reconnecting in 60s (attempt ${i})...`,
    );
    await s.h.app.core.evaluate('default');
    await s.settle();
  }
}

const AUTO = {
  en: /gatewatch restarts it by itself when auto-restart is on/,
  'zh-CN': /开启自动重启时 gatewatch 会/,
} as const;

describe.each(['en', 'zh-CN'] as const)('one fault, one advice (%s)', (locale: Locale) => {
  it('QQ unreachable, with and without an egress check of its own: no restart offered in either', async () => {
    const alone = await scene({ qqPort: await comebackPort(), locale });
    const probed = await scene({ qqPort: await comebackPort(), egressPort: await comebackPort(), locale });
    for (const s of [alone, probed]) await unreachable(s);
    const first = (s: Scene) =>
      s.p.got.find((a) => a.kind === 'open' && a.reply.fields?.some((f) => f.value === 'QQ'))!;
    const a = first(alone);
    const b = first(probed);
    expect(a, alone.p.titles().join('\n')).toBeDefined();
    expect(b, probed.p.titles().join('\n')).toBeDefined();
    expect(advice(a), sentences(a).join('\n')).toEqual({ button: false, byHand: false });
    expect(advice(b), sentences(b).join('\n')).toEqual({ button: false, byHand: false });
    // And /status offers what the alert does.
    const [status] = await alone.h.say('/status');
    expect((status!.buttons ?? []).some((x) => x.command.startsWith('/restart'))).toBe(false);
  }, 60_000);

  it('a death with automatic restarts paused: the action says "by hand", never that gatewatch restarts it', async () => {
    const s = await scene({ qqPort: await comebackPort(), locale });
    s.h.app.core.state.escalated.default = true;
    await s.kill();
    await s.clock.advance(1_000);
    await s.h.app.core.evaluate('default');
    await s.settle();
    const open = s.p.got.find((a) => a.kind === 'open')!;
    const text = sentences(open).join('\n');
    expect(text).toMatch(locale === 'en' ? /auto-restart: no: automatic restarts are paused/ : /自动重启: /);
    expect(text).not.toMatch(AUTO[locale]);
    expect(text).toMatch(/`\/restart default`/);
    expect(advice(open).button).toBe(true);
  }, 60_000);

  it('a death with automatic restarts on: the action still says gatewatch restarts it', async () => {
    const s = await scene({ qqPort: await comebackPort(), locale });
    await s.kill();
    await s.clock.advance(1_000);
    await s.h.app.core.evaluate('default');
    await s.settle();
    expect(sentences(s.p.got.find((a) => a.kind === 'open')!).join('\n')).toMatch(AUTO[locale]);
  }, 60_000);
});
