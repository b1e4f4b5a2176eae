// What gatewatch prints and sends in zh-CN punctuates as Chinese does (issue 61 item 2), not only the catalogue: the
// renderers and commands that put a Chinese label and its value together (`目标: demo`, `↳ 控制台: 已发送 …, …`) and
// commander's usage line (`用法： gatewatch …`) took ASCII colons, commas and spaces of their own. Rendered here as a
// reader sees them: an alert on every dialect, /status, /history, /check and `gatewatch check`, /ack, a usage error and
// --help. Code spans, paths, times and the Hermes log lines an alert quotes are left alone (test/helpers/zh-punctuation.ts).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bannedQqDemo, startHarness, type Harness } from '../helpers/harness.js';
import { phone } from '../helpers/phone.js';
import { runCliHere } from '../helpers/cli-run.js';
import { strayPunctuation } from '../helpers/zh-punctuation.js';
import { renderText } from '../../src/delivery/render-text.js';
import * as md from '../../src/delivery/render-markdown.js';
import { renderHtml } from '../../src/chats/telegram/render.js';
import { replyCard } from '../../src/chats/feishu/card.js';
import { renderAlertCompact, renderText as qqText } from '../../src/chats/qq/render.js';
import { runCheck } from '../../src/control/check.js';
import type { Reply } from '../../src/types.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const zh = { LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' };

/** The text of a Feishu card's elements: its markdown and plain text, without the JSON around them. */
const cardTexts = (card: unknown): string[] =>
  typeof card === 'string'
    ? [card]
    : typeof card === 'object' && card !== null
      ? Object.values(card).flatMap(cardTexts)
      : [];

/** Each rendering of `r` a reader may see (the terminal, every notifier dialect, each chat), with the stray punctuation. */
function strays(name: string, r: Reply): string[] {
  const locale = 'zh-CN';
  const renderings: [string, string][] = [
    ['terminal', renderText(r)],
    ...Object.entries({
      PLAIN: md.PLAIN,
      MARKDOWN: md.MARKDOWN,
      ROBOT_MARKDOWN: md.ROBOT_MARKDOWN,
      TELEGRAM_HTML: md.TELEGRAM_HTML,
      EMAIL_HTML: md.EMAIL_HTML,
    }).map(([how, d]): [string, string] => [how, md.renderReply(r, d, { locale, title: r.title })]),
    ['telegram', renderHtml(r, { locale })],
    ['feishu', cardTexts(replyCard(r, { locale })).join('\n')],
    ['qq', qqText(r, locale)],
  ];
  return renderings.flatMap(([how, text]) => strayPunctuation(text).map((at) => `${name} (${how}): ${at}`));
}

describe('zh-CN output punctuation', { timeout: 120_000 }, () => {
  it('an alert, /status, /history, /check, check and /ack: Chinese colons and commas beside Chinese', async () => {
    const p = phone();
    h = await startHarness({ demo: true, start: false, channels: [p.ch], config: { locale: 'zh-CN' } });
    await bannedQqDemo(h);
    await h.app.outbox.flush();
    const alert = p.got[0]!;
    expect(alert.reply.title).toMatch(/QQ/);
    const found = [
      ...strays('alert', alert.reply),
      ...strayPunctuation(renderAlertCompact(alert, 'zh-CN')).map((at) => `alert (qq, compact): ${at}`),
    ];
    for (const command of ['/status', '/status demo', '/history', '/history demo', '/check demo', '/fix demo', '/ack'])
      for (const [i, r] of (await h.say(command)).entries()) found.push(...strays(`${command} #${i}`, r));
    for (const [i, r] of (await runCheck(h.app.core)).replies.entries()) found.push(...strays(`check #${i}`, r));
    expect(found).toEqual([]);
  });

  it('usage errors and --help', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-zh-punct-'));
    const found: string[] = [];
    for (const args of [['--help'], ['logs', '--help'], ['logs', '--bogus'], ['history', 'a', 'b', 'c'], ['mute']]) {
      const r = await runCliHere(home, args, { env: zh });
      expect(`${r.stdout}${r.stderr}`).toMatch(/[\u4e00-\u9fff]/);
      // Every error line starts `gatewatch: ` in every language (README: the program's name, as a Unix tool's).
      const said = `${r.stdout}\n${r.stderr}`.replace(/^gatewatch: /gm, '');
      found.push(...strayPunctuation(said).map((at) => `${args.join(' ')}: ${at}`));
    }
    expect(found).toEqual([]);
  });

  it('init: what it says and the comments of the config it writes', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-zh-punct-'));
    const hermes = path.join(home, 'hermes');
    mkdirSync(path.join(hermes, 'logs'), { recursive: true });
    writeFileSync(path.join(hermes, 'gateway_state.json'), JSON.stringify({ platforms: { qqbot: {}, feishu: {} } }));
    const r = await runCliHere(home, ['init', '--yes', '--hermes-home', hermes], { env: { ...zh, HERMES_HOME: '' } });
    expect(r.code, r.stderr).toBe(0);
    const config = readFileSync(path.join(home, '.config', 'gatewatch', 'config.yaml'), 'utf8');
    const comments = config.split('\n').filter((l) => /^\s*#/.test(l));
    expect(comments.join('\n')).toMatch(/[\u4e00-\u9fff]/);
    expect([r.stdout, ...comments].flatMap(strayPunctuation)).toEqual([]);
  });
});
