// /fix while the cause is one gatewatch cannot fix (issue 61 item 2): with the demo's QQ bot banned, /fix answered
// ✅ "Nothing to fix on demo that gatewatch can do", a green tick beside an open critical incident. It says what is
// wrong and who can fix it, in the finding's own advice (the QQ Open Platform, the appeal), in the reader's language.
import { afterEach, describe, expect, it } from 'vitest';
import { bannedQqDemo, startHarness, type Harness } from '../helpers/harness.js';
import { openIncidents } from '../../src/incidents/machine.js';
import { renderText } from '../../src/delivery/render-text.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const WORDS = {
  en: {
    title: 'gatewatch can fix nothing of what is wrong on demo. What is wrong, and what you can do:',
    banned: '🔴 QQ bot is banned (close code 4915)',
    advice: '→ Do not restart. Check the bot on the QQ Open Platform (q.qq.com): publish it or appeal the ban',
  },
  'zh-CN': {
    title: 'demo 上的问题 gatewatch 无法修复。问题是什么、你可以怎么做：',
    banned: '🔴 QQ 机器人已被封禁（关闭码 4915）',
    advice: '→ 不要重启。到 QQ 开放平台（q.qq.com）检查机器人：上架或申诉解封',
  },
} as const;

describe.each(['en', 'zh-CN'] as const)('/fix of a banned QQ bot (%s)', (locale) => {
  it('says what is wrong and what to do about it, never a green tick', async () => {
    h = await startHarness({ demo: true, start: false, config: { locale } });
    await bannedQqDemo(h);
    expect(openIncidents(h.app.core.state.incidents, 'demo').map((i) => [i.check, i.finding.severity])).toEqual([
      ['qq_banned', 'critical'],
    ]);
    for (const said of [await h.say('/fix'), await h.say('/fix demo')]) {
      expect(said).toHaveLength(1);
      const w = WORDS[locale];
      expect(said[0]).toMatchObject({ title: w.title, tone: 'critical' });
      expect(said[0]!.lines?.[0]).toBe(w.banned);
      expect(said[0]!.lines?.[1]).toContain(w.advice);
      expect(said[0]!.buttons ?? []).toEqual([]);
      expect(renderText(said[0]!)).not.toContain('✅');
    }
  });
});
