// A command's arguments are refused plainly, in the operator's language (issue 43 item 9): `/uptime demo 9999d` was
// answered for 24 h as if no window had been given, and `/uptime <5000 characters>` with a validator's words ("Too
// big: expected string to have <=64 characters"). Every command of the registry is sent the same hostile words.
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/registry.js';
import { argName } from '../../commands/arg-problem.js';
import { renderText } from '../../src/delivery/render-text.js';
import type { Reply } from '../../src/types.js';
import { startHarness, type Harness } from '../helpers/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const text = (rs: Reply[]) => rs.map((r) => renderText(r)).join('\n');
/** zod's own words, English and Chinese (node_modules/zod/v4/locales): never what an operator reads. */
const VALIDATOR =
  /Invalid (input|option|string|number|key|value|discriminator)|Too (big|small)|Unrecognized key|expected \w+ to (have|be)|无效(输入|选项|字符串|数字)|数值过[大小]|出现未知的键/;
const LONG = 'x'.repeat(5000);

describe('a bad argument is refused plainly', () => {
  it('/uptime with a window that is none: refused, naming 24h, 7d and 30d, never answered for 24 h', async () => {
    h = await startHarness({ start: false });
    for (const words of ['default 9999d', '9999d', 'default 1y']) {
      const rs = await h.say(`/uptime ${words}`);
      expect(
        rs.map((r) => r.outcome),
        words,
      ).toEqual(['usage']);
      expect(text(rs), words).toMatch(/24h, 7d or 30d/);
      expect(text(rs), words).not.toMatch(/Uptime/);
    }
    const long = await h.say(`/uptime ${LONG}`);
    expect(long.map((r) => r.outcome)).toEqual(['usage']);
    expect(text(long)).toMatch(/24h\|7d\|30d/);
    expect(text(long)).not.toMatch(VALIDATOR);
    expect(text(long)).not.toContain(LONG.slice(0, 100));
    // The forms that were right stay right.
    expect((await h.say('/uptime default 7d'))[0]!.title).toBe('Uptime of default, last 7d');
    expect((await h.say('/uptime 30D'))[0]!.title).toBe('Uptime, last 30d');
  });

  it('in Chinese under locale: zh-CN', async () => {
    h = await startHarness({ start: false, config: { locale: 'zh-CN' } });
    const window = text(await h.say('/uptime default 9999d'));
    expect(window).toMatch(/24h、7d 或 30d/);
    expect(window).toContain('9999d');
    const long = text(await h.say(`/uptime ${LONG}`));
    expect(long).not.toMatch(VALIDATOR);
    expect(long).toMatch(/目标名称/);
    expect(long).not.toMatch(/target name|characters/);
  });

  it('a secret pasted as an argument is not echoed, not even its first characters', async () => {
    h = await startHarness({ start: false });
    const token = '123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCrPmtg0';
    const rs = await h.say(`/fix default #${token}`);
    expect(rs.map((r) => r.outcome)).toEqual(['usage']);
    expect(text(rs).toLowerCase()).not.toContain('aaehbow');
  });

  it('a count of 0 is refused, not taken for the default', async () => {
    h = await startHarness({ start: false });
    for (const cmd of ['/logs 0', '/history 0', '/fix 0', '/fix 100']) {
      const rs = await h.say(cmd);
      expect(
        rs.map((r) => r.outcome),
        cmd,
      ).toEqual(['usage']);
      expect(text(rs), cmd).not.toMatch(VALIDATOR);
    }
  });

  it('every command, sent hostile words: a plain answer or refusal, never a validator speaking', async () => {
    h = await startHarness({ start: false });
    const hostile = [LONG, '0', '-1', '99999999999999999999999', '#zz', `confirm ${LONG}`, `#${LONG}`, '1.5'];
    for (const cmd of commands)
      for (const words of hostile) {
        const said = text(await h.say(`/${cmd.name} ${words}`));
        expect(said, `/${cmd.name} ${words.slice(0, 20)}`).not.toMatch(VALIDATOR);
        expect(said, `/${cmd.name} ${words.slice(0, 20)}`).not.toContain(LONG.slice(0, 200));
      }
  }, 60_000);

  it('every argument a command takes has a name in both locales (a flag is its own word)', () => {
    for (const cmd of commands) {
      const shape = (cmd.args as unknown as { shape: Record<string, { safeParse(v: unknown): { success: boolean } }> })
        .shape;
      for (const [key, schema] of Object.entries(shape)) {
        if (schema.safeParse(true).success && !schema.safeParse('x').success) continue;
        for (const locale of ['en', 'zh-CN'] as const)
          expect(argName(locale, cmd.name, key), `${cmd.name} ${key} ${locale}`).not.toBe(key);
      }
    }
  });
});
