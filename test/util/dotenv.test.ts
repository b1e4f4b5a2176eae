// The one .env reader (src/util/dotenv.ts): the forms Hermes' .env files and units' EnvironmentFiles use, for
// doctor, the Telegram poller scan and the "same bot / same app as Hermes" checks.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dotenvValue, parseDotenv, readDotenv } from '../../src/util/dotenv.js';

const TOKEN = '123456789:AAH-test_token_value';

describe('dotenvValue', () => {
  it('reads plain, exported, quoted and commented forms; nothing else', () => {
    expect(dotenvValue(`TELEGRAM_BOT_TOKEN=${TOKEN}`, 'TELEGRAM_BOT_TOKEN')).toBe(TOKEN);
    expect(dotenvValue(`export TELEGRAM_BOT_TOKEN='${TOKEN}'`, 'TELEGRAM_BOT_TOKEN')).toBe(TOKEN);
    expect(dotenvValue(`TELEGRAM_BOT_TOKEN = ${TOKEN} # ops`, 'TELEGRAM_BOT_TOKEN')).toBe(TOKEN);
    expect(dotenvValue('A=1\r\nTELEGRAM_BOT_TOKEN=123:abc # mine\r\n', 'TELEGRAM_BOT_TOKEN')).toBe('123:abc');
    expect(
      dotenvValue(`# TELEGRAM_BOT_TOKEN=${TOKEN}\nX_TELEGRAM_BOT_TOKEN=${TOKEN}`, 'TELEGRAM_BOT_TOKEN'),
    ).toBeUndefined();
    expect(dotenvValue('TELEGRAM_BOT_TOKEN=\nTELEGRAM_BOT_TOKEN=  ', 'TELEGRAM_BOT_TOKEN')).toBeUndefined();
    expect(dotenvValue("FEISHU_APP_ID='cli_a1b2c3d4e5f60718' # lark\n", 'FEISHU_APP_ID')).toBe('cli_a1b2c3d4e5f60718');
    expect(dotenvValue('FEISHU_APP_ID=cli_a1b2c3d4e5f60718 # note', 'FEISHU_APP_ID')).toBe('cli_a1b2c3d4e5f60718');
    expect(dotenvValue('# FEISHU_APP_ID=cli_x\nOTHER=1', 'FEISHU_APP_ID')).toBeUndefined();
  });
});

describe('parseDotenv', () => {
  it('lists every assignment in order, quotes kept inside, comments and junk left out', () => {
    const text =
      '# proxies\nexport http_proxy="http://u:p@10.0.0.1:8080"\nQQ_APP_ID=123\nNO = "a # b" # c\nnot an assignment\nEMPTY=\nHALF="open';
    expect(parseDotenv(text)).toEqual([
      ['http_proxy', 'http://u:p@10.0.0.1:8080'],
      ['QQ_APP_ID', '123'],
      ['NO', 'a # b'],
      ['EMPTY', ''],
      ['HALF', 'open'],
    ]);
  });
});

describe('readDotenv', () => {
  it('reads a file, and nothing from a missing one or a directory', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-dotenv-'));
    writeFileSync(path.join(dir, '.env'), 'A=1\n');
    expect(await readDotenv(path.join(dir, '.env'))).toBe('A=1\n');
    expect(await readDotenv(path.join(dir, 'missing'))).toBeUndefined();
    expect(await readDotenv(dir)).toBeUndefined();
  });
});
