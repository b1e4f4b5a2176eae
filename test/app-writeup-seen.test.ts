// Issue 77 item 7: after a death with QQ down through the restart, the write-up and its ✅ said "then: QQ's servers
// answered gatewatch's probe from this host again" at the end of the verification window, while QQ's servers still
// refused this host and gatewatch's own alert at that second said so. What an incident became is told as it was seen,
// each turn dated when gatewatch saw it: "cannot be reached" when the restart came back without QQ, "answered again"
// when its probe first reached QQ. The app on the test's clock, a real gateway process, its restart a real command,
// QQ's servers a loopback port that refuses, then answers.
import { afterEach, describe, expect, it } from 'vitest';
import { comebackPort } from './helpers/ports.js';
import { answer, closeScenes, scene } from './helpers/story-scene.js';
import type { Locale, Reply } from './../src/types.js';
import { localStamp } from '../src/util/time.js';

afterEach(closeScenes);

const text = (r: Reply) =>
  [r.title, ...(r.fields ?? []).map((f) => `${f.label}: ${f.value}`), ...(r.lines ?? [])].join('\n');
const hms = (ms: number) => localStamp(ms).slice(11, 19);

const WORDS = {
  en: {
    unreachable: 'then: QQ cannot be reached from this host',
    answering: "then: QQ's servers answered gatewatch's probe from this host again",
  },
  'zh-CN': { unreachable: '随后：本机无法连接 QQ', answering: '随后：gatewatch 的探测从本机重新连通了 QQ 的服务器' },
} as const;

describe.each(['en', 'zh-CN'] as const)('what an incident became, as it was seen (%s)', (locale: Locale) => {
  it('each turn dated when gatewatch saw it, none before it was so', async () => {
    const port = await comebackPort();
    const s = await scene({ qqPort: port, locale });
    await s.mode('unreachable');
    await s.kill();
    await s.clock.advance(1_000);
    await s.h.app.core.evaluate('default');
    await s.settle();
    // Back without QQ: its servers refuse this host.
    await s.qqRetries(2);
    const refusedUntil = s.clock.now();
    // QQ's servers answer again: gatewatch's probe reaches them (once its last refusal is older than its cache) before
    // Hermes' next retry, which reconnects QQ.
    await answer(port);
    await s.look(31_000);
    await s.clock.advance(25_000);
    await s.qqBack();
    await s.look(5_000);
    const [full] = await s.h.say('/incident default-1');
    const rows = (full!.lines ?? []).flatMap((l) => {
      const m = /^ {2}(\d\d:\d\d:\d\d) {2}(.*)$/.exec(l);
      return m ? [{ at: m[1]!, what: m[2]! }] : [];
    });
    const w = WORDS[locale];
    const unreachable = rows.find((r) => r.what.startsWith(w.unreachable));
    const answering = rows.find((r) => r.what === w.answering);
    expect(unreachable, text(full!)).toBeDefined();
    expect(answering, text(full!)).toBeDefined();
    // The answer came after the refusals: never dated while QQ still refused.
    expect(answering!.at > hms(refusedUntil), text(full!)).toBe(true);
    expect(rows.indexOf(unreachable!)).toBeLessThan(rows.indexOf(answering!));
    // The ✅'s short write-up says what it became, not a step on its way back as if it were the problem.
    const recovery = s.p.got.find((a) => a.kind === 'resolve')!;
    expect(text(recovery.reply)).toContain(w.unreachable);
    expect(text(recovery.reply)).not.toContain(w.answering);
  });
});
