// Issue 18 item 8: the redactor is line-local and idempotent. A `BEGIN … PRIVATE KEY` line without its END (which
// any chat user can plant by making Hermes log a message) hides no later log line; the auth-header rule does not reach
// into the next line; redacting twice changes nothing. Checked on named cases and on thousands of random texts made
// of every family of secret, newlines, zero-width characters and PEM fragments (a seeded generator: the same texts
// every run, and a failure prints its seed and text).
import { describe, expect, it } from 'vitest';
import { BLOCK_LINES, lazyRedactedLines, redact, redactLines } from '../../src/util/redact.js';
import { rng } from '../helpers/rng.js';

const LOG = (i: number, msg = `[QQBot:102345678] Access token refreshed, expires in 7200s (${i})`) =>
  `2026-06-22 08:00:${String(i % 60).padStart(2, '0')},000 INFO gateway.platforms.qqbot.adapter: ${msg}`;

describe('a private key without its END line', () => {
  it('hides no later log line', () => {
    const planted = LOG(
      0,
      "inbound message: platform=qqbot user=A37B46B0A04E3326D727DFD81FCFEBA9 msg='-----BEGIN RSA PRIVATE KEY-----'",
    );
    const later = Array.from({ length: 50 }, (_, i) => LOG(i + 1));
    const out = redact([planted, ...later].join('\n')).split('\n');
    expect(out).toHaveLength(51);
    expect(out.slice(1)).toEqual(later);
  });

  it('hides at most its own bounded lines, and only lines that look like a key', () => {
    const body = Array.from(
      { length: BLOCK_LINES + 20 },
      () => 'MIIEowIBAAKCAQEAq3Rv8Kk2zY0aB1cD2eF3gH4iJ5kL6mN7oP8qR9sT0uV1wX2y',
    );
    const text = ['-----BEGIN PRIVATE KEY-----', ...body.slice(0, 3), 'abc', LOG(1)].join('\n');
    expect(redact(text).split('\n')).toEqual(['-----BEGIN PRIVATE KEY-----', '***', '***', '***', '***', LOG(1)]);
    // Past the bound a body-looking line is a line like any other (this one is masked by its own shape).
    const long = redact(['-----BEGIN PRIVATE KEY-----', ...body.map((_, i) => `Ab${i}`)].join('\n')).split('\n');
    expect(long.slice(1, BLOCK_LINES + 1).every((l) => l === '***')).toBe(true);
    expect(long.slice(BLOCK_LINES + 1)).toEqual(body.slice(BLOCK_LINES).map((_, i) => `Ab${i + BLOCK_LINES}`));
  });

  it('a complete key keeps its line count and its markers', () => {
    const pem = [
      '-----BEGIN EC PRIVATE KEY-----',
      'MHcCAQEEIBkg',
      'oAoGCCqGSM49',
      '-----END EC PRIVATE KEY-----',
      LOG(2),
    ];
    expect(redact(pem.join('\n'))).toBe(
      ['-----BEGIN EC PRIVATE KEY-----', '***', '***', '-----END EC PRIVATE KEY-----', LOG(2)].join('\n'),
    );
  });
});

describe('no rule crosses a line boundary', () => {
  const cases: [string, string][] = [
    ['Authorization: Bearer\nabc123def456ghi789', 'Authorization: ***\nabc123def456ghi789'],
    ['sent Bearer \nQQBot reconnect', 'sent Bearer \nQQBot reconnect'],
    ['Authorization:\nBearer-less line', 'Authorization:\nBearer-less line'],
    ['password:\nhunter2', 'password:\nhunter2'],
    ['Cookie:\nnext=1', 'Cookie:\nnext=1'],
    ['--api-key\nvalue', '--api-key\nvalue'],
    ['{"token":\n"abc123"}', '{"token":\n"abc123"}'],
    ['https://ops:\npw@host', 'https://ops:\npw@host'],
  ];
  for (const [input, want] of cases) it(JSON.stringify(input), () => expect(redact(input)).toBe(want));
});

describe('blocks a line opens', () => {
  it('a YAML block scalar under a secret key', () => {
    const yaml = [
      'channels:',
      '  signing:',
      '    private_key: |',
      '      MIIEowIBAAKCAQEA',
      '      q3Rv8Kk2zY0aB1',
      '    app_id: cli_a5f3',
    ];
    expect(redact(yaml.join('\n')).split('\n')).toEqual([
      'channels:',
      '  signing:',
      '    private_key: |',
      '      ***',
      '      ***',
      '    app_id: cli_a5f3',
    ]);
  });

  it('a plist <key> on one line, its <string> on the next', () => {
    expect(redact('<key>QQ_CLIENT_SECRET</key>\n  <string>qq secret value</string>\n<key>HOME</key>')).toBe(
      '<key>QQ_CLIENT_SECRET</key>\n  <string>***</string>\n<key>HOME</key>',
    );
  });

  it('redactLines and lazyRedactedLines agree with redact', () => {
    const lines = [
      LOG(1),
      '-----BEGIN PRIVATE KEY-----',
      'MIIEvQIBADAN',
      'AbCd==',
      '-----END PRIVATE KEY-----',
      LOG(2),
      '  secret: |',
      '    abc',
      LOG(3),
    ];
    const want = redact(lines.join('\n')).split('\n');
    expect(redactLines(lines)).toEqual(want);
    const at = lazyRedactedLines(lines);
    expect(lines.map((_, i) => at(i))).toEqual(want);
  });
});

// ---------- random texts ----------

const SECRET = 'k8Zq0vT3xYw9LmN2pQr5sTu7';
const FRAGMENTS = [
  // secrets of every family
  SECRET,
  `sk-proj-${SECRET}`,
  `ghp_${SECRET}abcdefghij`,
  'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFla',
  `SEC${'0123456789abcdef'.repeat(4)}`,
  'SCT123456TAbCdEfGhIjKlMnOp',
  'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  't-g1044ghJRUIJJ5ELPZH4MUA2BCDEFGH',
  '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0',
  'AKIAIOSFODNN7EXAMPLE',
  'xoxb-1234567890-abcdefghij',
  'MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs',
  'hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345',
  'http://ops:Pr0xyPa55@10.0.0.2:3128',
  'redis://:p4ss@h:6379',
  'https://api.day.app/Xy7kQ2mN9pL4vB8cR1tZ/x',
  '/open-apis/bot/v2/hook/2f1c3b4a',
  '?access_token=abc',
  '&sign=xyz',
  '?key=k1',
  'Authorization: ',
  'Authorization: Bearer ',
  'Bearer ',
  'QQBot ',
  'Basic ',
  'Bot ',
  'Cookie: ',
  'Set-Cookie: ',
  'password=',
  'pass=',
  'pwd=',
  'secret: ',
  'token: ',
  'token=',
  '"token":"',
  '"app_secret": "',
  "'password': '",
  'client_secret%3D',
  '%22',
  '\\"',
  '--api-key ',
  '--token=',
  '-p ',
  'signing_key=',
  'encrypt_key: ',
  '密码：',
  'X-Gotify-Key: ',
  '<password>',
  '</password>',
  '<key>QQ_CLIENT_SECRET</key>',
  '<string>',
  '</string>',
  'private_key: |',
  'secret: >-',
  '  ',
  '    ',
  // PEM fragments
  '-----BEGIN RSA PRIVATE KEY-----',
  '-----END RSA PRIVATE KEY-----',
  '-----BEGIN PRIVATE KEY-----',
  '-----END PRIVATE KEY-----',
  'MIIEowIBAAKCAQEA',
  'AbCd==',
  'Proc-Type: 4,ENCRYPTED',
  // what operators need, and ordinary text
  '2026-06-22 08:00:03,402 INFO gateway.run: ',
  '[QQBot:102345678]',
  'A37B46B0A04E3326D727DFD81FCFEBA9',
  'ou_7d3a1f9e2b4c6d8e0f1a2b3c4d5e6f70',
  'token_count=5',
  'max_tokens=4096',
  'Cannot connect',
  'reconnect',
  'None',
  'null',
  'hunter2',
  'abc',
  'value',
  'PWD=/home/ops',
  'bypass=1',
  "msg='你好 password=x'",
  '服务器状态',
  'model=Qwen3-235B-A22B-Instruct-2507',
  '***',
  'https://',
  '://',
  '@',
  ':',
  '=',
  '"',
  "'",
  ' ',
  ' ',
  ',',
  ';',
  '&',
  '/',
  '|',
  '>',
  '<',
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  '-',
  '_',
  '.',
  '\\',
  '%3D',
  '：',
  // Unicode tricks and line ends
  '\u200b',
  '\u00ad',
  '\u2060',
  '\ufeff',
  '\u00a0',
  '\t',
  '\r',
  '\n',
  '\n',
  '\n',
  '\n',
];

function randomText(rnd: () => number): string {
  const n = 1 + Math.floor(rnd() * 14);
  let s = '';
  for (let i = 0; i < n; i++) s += FRAGMENTS[Math.floor(rnd() * FRAGMENTS.length)]!;
  return s;
}

/** Could this line open a block (the one exception to line-locality)? */
const opener = (l: string) =>
  /-----BEGIN [A-Z ]*PRIVATE KEY/.test(l) ||
  /[|>][-+0-9]{0,2}[\s\u00ad\u200b-\u206f\ufeff]*$/.test(l) ||
  l.includes('</key>');

describe('on random texts', () => {
  const RUNS = 4000;

  it(`is idempotent and keeps every line where it was (${RUNS} texts)`, () => {
    const rnd = rng(18);
    for (let i = 0; i < RUNS; i++) {
      const text = randomText(rnd);
      const once = redact(text);
      const ctx = `text ${i}: ${JSON.stringify(text)} → ${JSON.stringify(once)}`;
      expect(redact(once), ctx).toBe(once);
      expect(once.split('\n').length, ctx).toBe(text.split('\n').length);
    }
  });

  it(`redact(a + "\\n" + b) is redact(a) + "\\n" + redact(b) unless a opens a block (${RUNS} pairs)`, () => {
    const rnd = rng(8);
    let checked = 0;
    for (let i = 0; i < RUNS; i++) {
      const a = randomText(rnd);
      const b = randomText(rnd);
      if (a.split('\n').some(opener)) continue;
      checked++;
      expect(redact(`${a}\n${b}`), `pair ${i}: ${JSON.stringify(a)} + ${JSON.stringify(b)}`).toBe(
        `${redact(a)}\n${redact(b)}`,
      );
    }
    expect(checked).toBeGreaterThan(RUNS / 2);
  });

  it('lazyRedactedLines (what /logs uses) gives what redact gives the whole text', () => {
    const rnd = rng(7);
    for (let i = 0; i < RUNS / 4; i++) {
      const lines = Array.from({ length: 4 }, () => randomText(rnd))
        .join('\n')
        .split('\n');
      const at = lazyRedactedLines(lines);
      expect(
        lines.map((_, k) => at(k)),
        `text ${i}: ${JSON.stringify(lines)}`,
      ).toEqual(redact(lines.join('\n')).split('\n'));
    }
  });

  it('inside a text, a line differs from its redaction alone only in a block an earlier line opened', () => {
    const rnd = rng(42);
    for (let i = 0; i < RUNS; i++) {
      const lines = randomText(rnd).split('\n');
      const whole = redact(lines.join('\n')).split('\n');
      let lastOpener = -Infinity;
      for (let k = 0; k < lines.length; k++) {
        const inBlock = k - lastOpener <= BLOCK_LINES;
        if (!inBlock) expect(whole[k], `text ${i} line ${k}: ${JSON.stringify(lines)}`).toBe(redact(lines[k]!));
        if (opener(lines[k]!)) lastOpener = k;
      }
    }
  });
});
