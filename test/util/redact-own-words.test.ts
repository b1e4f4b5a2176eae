// The redactor masks values, never the sentence after a key's name (issue 55 item 6): gatewatch's own words that name
// a secret's key ("takes the Telegram bot token: 5 conflict retries", "without http.token: open to every local user")
// pass it whole, while a value after the same names is still masked.
import { describe, expect, it } from 'vitest';
import { redact, redactDeep } from '../../src/util/redact.js';
import { everyText } from '../helpers/every-text.js';

const SECRET = 'k8Zq0vT3xYw9LmN2pQr5sTu7';

describe("the redactor leaves a sentence after a key's name whole", () => {
  it('every text gatewatch words, in both locales, passes it unchanged', async () => {
    const eaten = (await everyText()).flatMap((x) => {
      const out = redact(x.text);
      return out === x.text ? [] : [`${x.owner} ${x.locale} ${x.key}:\n  ${x.text}\n  ${out}`];
    });
    expect(eaten).toEqual([]);
  });

  it.each([
    'another poller takes the Telegram bot token: 5 conflict retries, then telegram_polling_conflict',
    'config error: c.yaml: key "channels.telegram.bot_token": was refused by Telegram (401 Unauthorized)',
    'http endpoint without http.token: open to every local user, intake off',
    '密钥：下面每个 GATEWATCH_QQ_SECRET 从 env 中读取。',
    '它保存着密钥：chmod 600 /etc/gatewatch/env',
    '另一个轮询进程占用了 Telegram bot token：冲突重试 5 次后停止',
  ])('%s', (line) => {
    expect(redact(line)).toBe(line);
    expect(redactDeep({ msg: line })).toEqual({ msg: line });
  });
});

describe('the values after those names are still masked', () => {
  it.each([
    // A value: one token, at the end or before more text.
    ['bot token: tok0a1b2c3d4 conflict retries', 'bot token: *** conflict retries'],
    [`http.token: ${SECRET} to every local user`, 'http.token: *** to every local user'],
    [`key "channels.telegram.bot_token": ${SECRET}`, 'key "channels.telegram.bot_token": ***'],
    ['token: abc', 'token: ***'],
    ['http.token: open', 'http.token: ***'],
    ['api_key: 123456789 for the bot', 'api_key: *** for the bot'],
    ['token=open to every local user', 'token=*** to every local user'],
    // A password may be a word: masked whatever follows it.
    ['db password: hunter to 10.0.0.5', 'db password: *** to 10.0.0.5'],
    ['smtp.pass: letmein for ops', 'smtp.pass: *** for ops'],
    ['密码：你好世界', '密码：***'],
    ['口令：芝麻开门 请勿外传', '口令：*** 请勿外传'],
  ])('%s', (line, want) => {
    expect(redact(line)).toBe(want);
  });
});
