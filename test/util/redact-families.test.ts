// Issue 18 item 7: the forms that got through two attacks, and the families they stand for. Each family is covered
// by its shape, not by the sample: key=value, JSON, YAML and XML forms of every secret-ish key; auth headers; URL
// userinfo, query parameters and path-embedded keys; the token shapes of every service gatewatch and Hermes talk
// to; PEM blocks; Unicode tricks.
import { describe, expect, it } from 'vitest';
import { redact } from '../../src/util/redact.js';
import { safeText } from '../../src/util/text-out.js';
// The services gatewatch's own channels talk to bring their secret shapes with their plugins (Telegram, Lark, Bark,
// PushPlus, ServerChan, DingTalk, ntfy …): registered into the one redactor as the registry loads, as in every process.
import { registry } from '../../src/channels/plugins.js';

it("the channel plugins' secret shapes are registered with the registry", () =>
  expect(registry.plugins.some((p) => p.secretShapes?.length)).toBe(true));

const B64_64 = 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFla';
const HEX64 = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
const MIXED32 = 'Xy7kQ2mN9pL4vB8cR1tZaBcDeFgHiJkL';

const families: Record<string, [string, string][]> = {
  'secret-ish keys, key=value': [
    ['smtp pass=hunter2 host=mail', 'smtp pass=*** host=mail'],
    ['SMTP_PASS=hunter2', 'SMTP_PASS=***'],
    ['dbPass: hunter2', 'dbPass: ***'],
    ['login user=ops pwd=hunter2', 'login user=ops pwd=***'],
    ['MYSQL_PWD=hunter2', 'MYSQL_PWD=***'],
    ['signing_key=abcdefghij', 'signing_key=***'],
    ['encrypt_key: abcdefghij', 'encrypt_key: ***'],
    ['FEISHU_ENCRYPT_KEY=abcdefghij', 'FEISHU_ENCRYPT_KEY=***'],
    ['hmac_key=abcdef master_key=ghijkl', 'hmac_key=*** master_key=***'],
    ['bark device_key=abcdefghijklmnopqrstuv', 'bark device_key=***'],
    ['pushkey=PDU1234TabcdefABCDEF', 'pushkey=***'],
    ['verification_token=abcdefgh', 'verification_token=***'],
    ['密码：hunter2', '密码：***'],
    ['app 密钥=abcdefgh', 'app 密钥=***'],
    ['token：abc123def', 'token：***'],
    ['password＝hunter2', 'password＝***'],
  ],
  'bare secret: and token: whatever the value looks like': [
    ['secret: abcdefghijklmnopqrstuvwxyzABCDEF', 'secret: ***'],
    ['  token: xoxbnodigitsatallhere', '  token: ***'],
    ['token: AbCdEfGhIjKlMnOp', 'token: ***'],
    ['secret: hunter', 'secret: ***'],
    ['[QQBot] ticket: AbCdEfGhIjKl, refreshed', '[QQBot] ticket: ***, refreshed'],
  ],
  'JSON, YAML and XML forms': [
    ['{"pass":"hunter2","user":"ops"}', '{"pass":"***","user":"ops"}'],
    ['{"signing_key": 12345678}', '{"signing_key": ***}'],
    ["{'encrypt_key': 'abcdefgh'}", "{'encrypt_key': '***'}"],
    ['  pwd: "hunter2"', '  pwd: "***"'],
    ['<password>hunter2</password>', '<password>***</password>'],
    ['<ClientSecret>abc def</ClientSecret>', '<ClientSecret>***</ClientSecret>'],
  ],
  'auth headers': [
    ['Authorization: Bot MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs', 'Authorization: Bot ***'],
    ['curl -H "Authorization: Bearer abcdefghijklmnopqrst"', 'curl -H "Authorization: Bearer ***"'],
    ['sent Bearer abcdefghijklmnopqrstuvwx to the API', 'sent Bearer *** to the API'],
    ['X-Gotify-Key: abcdefghijklmno', 'X-Gotify-Key: ***'],
    ["{'Ocp-Apim-Subscription-Key': 'abcdef'}", "{'Ocp-Apim-Subscription-Key': '***'}"],
    ['X-Auth-Token: abcdefgh', 'X-Auth-Token: ***'],
  ],
  'URL userinfo, query parameters, path-embedded keys': [
    ['REDIS_URL=redis://:p4ssw0rd@127.0.0.1:6379/0', 'REDIS_URL=redis://:***@127.0.0.1:6379/0'],
    ['redis://default:hunterhunter@redis:6379', 'redis://default:***@redis:6379'],
    ['postgres://ops:p@ss:w0rd@db:5432/x', 'postgres://ops:***@db:5432/x'],
    ['GET https://push.example/send?sendkey=abcdefgh&title=x', 'GET https://push.example/send?sendkey=***&title=x'],
    ['POST https://api.day.app/Xy7kQ2mN9pL4vB8cR1tZ/gateway%20down', 'POST https://api.day.app/***/gateway%20down'],
    ['POST https://api.day.app/abcdefghijklmnopqrstuv', 'POST https://api.day.app/***'],
    ['POST https://sctapi.ftqq.com/SCT123456TAbCdEfGhIjKlMnOp.send', 'POST https://sctapi.ftqq.com/***.send'],
    [
      'POST https://12345.push.ft07.com/send/sctp12345tabcdefghijklmn.send',
      'POST https://12345.push.ft07.com/send/***.send',
    ],
    [
      'POST https://discord.com/api/webhooks/123456789012345678/AbCdEf-ghij_KLMNOP0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ',
      'POST https://discord.com/api/webhooks/123456789012345678/***',
    ],
    [
      'POST https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
      'POST https://hooks.slack.com/services/T00000000/B00000000/***',
    ],
    ['GET https://www.pushplus.plus/send/0123456789abcdef0123456789abcdef', 'GET https://www.pushplus.plus/send/***'],
    // httpx's line for each request (issue 60): Telegram's bot token in the Bot API's path, the method kept.
    [
      'HTTP Request: POST https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getUpdates "HTTP/1.1 502 Bad Gateway"',
      'HTTP Request: POST https://api.telegram.org/bot123456789:***/getUpdates "HTTP/1.1 502 Bad Gateway"',
    ],
    [
      'GET https://api.telegram.org/file/bot7000000001:aaaabbbbccccddddeeeeffffgggghhhhiii/photos/file_1.jpg',
      'GET https://api.telegram.org/file/bot7000000001:***/photos/file_1.jpg',
    ],
    // Whatever the token looks like: one no token shape knows.
    ['GET https://api.telegram.org/bot12345:not-a-real-token/getMe', 'GET https://api.telegram.org/bot12345:***/getMe'],
    ['POST https://push.example.org/api/AbCdEfGh12345678IjKl/notify', 'POST https://push.example.org/api/***/notify'],
  ],
  'token shapes without a key': [
    [`robot secret SEC${HEX64} refused`, 'robot secret *** refused'],
    ['sendkey SCT123456TAbCdEfGhIjKlMnOp', 'sendkey ***'],
    ['old key SCU12345T0123456789abcdef0123456789abcdef', 'old key ***'],
    [`bare ${B64_64} token`, 'bare *** token'],
    ['bare q3Rv8+Kk2zY/0aB1cD2eF3gH4iJ5kL6mN7oP8qR9sT0= token', 'bare *** token'],
    [`feishu app secret ${MIXED32}`, 'feishu app secret ***'],
    ['discord MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs', 'discord ***'],
    ['hf hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345', 'hf ***'],
    ['groq gsk_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijklmn', 'groq ***'],
    ['xai xai-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijklmnopqrstuv', 'xai ***'],
    ['gitlab glpat-AbCdEfGhIjKlMnOpQrSt', 'gitlab ***'],
    ['npm npm_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789', 'npm ***'],
    ['ntfy tk_abcdefghijklmnopqrstuvwxyz012', 'ntfy ***'],
    ['google ya29.a0AfH6SMBxxxxxxxxxxxxxxxxxxxxxx', 'google ***'],
    ['oauth GOCSPX-AbCdEfGhIjKlMnOpQrStUvWx', 'oauth ***'],
    ['sendgrid SG.abcdefghijklmnopqrstuv.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg', 'sendgrid ***'],
    ['zhipu 0123456789abcdef0123456789abcdef.AbCdEfGhIjKlMnOp', 'zhipu ***'],
    ['matrix syt_b3BzYm90_AbCdEfGhIjKlMnOpQrSt_0a1B2c', 'matrix ***'],
    ['notion ntn_1234567890AbCdEfGhIjKlMnOpQrStUvWxYz0123456', 'notion ***'],
    ['stripe whsec_AbCdEfGhIjKlMnOpQrStUvWx', 'stripe ***'],
    ['elevenlabs sk_0123456789abcdef0123456789abcdef0123456789abcdef', 'elevenlabs ***'],
    ['openrouter sk-or-v1-0123456789abcdef0123456789abcdef', 'openrouter ***'],
    ['perplexity pplx-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefgh', 'perplexity ***'],
    ['tavily tvly-AbCdEfGhIjKlMnOpQrStUvWx', 'tavily ***'],
  ],
  'PEM blocks': [
    [
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\nAAAAAAAA==\n-----END OPENSSH PRIVATE KEY-----',
      '-----BEGIN OPENSSH PRIVATE KEY-----\n***\n***\n-----END OPENSSH PRIVATE KEY-----',
    ],
    [
      '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0123ABCD\n\nMIIEow\n-----END RSA PRIVATE KEY-----',
      '-----BEGIN RSA PRIVATE KEY-----\n***\n***\n\n***\n-----END RSA PRIVATE KEY-----',
    ],
    [
      'key=-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADAN\\n-----END PRIVATE KEY-----\\n rest',
      'key=-----BEGIN PRIVATE KEY-----***-----END PRIVATE KEY-----\\n rest',
    ],
    [
      '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF0\n=AbCd\n-----END PGP PRIVATE KEY BLOCK-----',
      '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n***\n***\n-----END PGP PRIVATE KEY BLOCK-----',
    ],
  ],
  'Unicode tricks': [
    ['key sk-proj-k8Zq0vT3\u200BxYw9LmN2pQr5sTu7abcd used', 'key *** used'],
    ['pass\u200Bword=hunter2', 'password=***'],
    ['password=\u2060hunter2', 'password=***'],
    ['password:\u00A0hunter2', 'password:\u00A0***'],
    ['ghp_k8Zq0vT3xYw9\u00ADLmN2pQr5sTu7abcdefghij', '***'],
    ['t\u200Boken=abc123def', 'token=***'],
  ],
};

describe('every family of secret is masked', () => {
  for (const [family, cases] of Object.entries(families)) {
    describe(family, () => {
      for (const [input, want] of cases) it(JSON.stringify(input).slice(1, 80), () => expect(redact(input)).toBe(want));
    });
  }
});

describe('a token split by a terminal control', () => {
  it('is masked in text that leaves gatewatch (controls are stripped before redaction)', () => {
    expect(safeText('ghp_k8Zq0vT3xYw9\x1b[0mLmN2pQr5sTu7abcdefghij and sk-proj-k8Zq0vT3\rxYw9LmN2pQr5sTu7')).toBe(
      '*** and ***',
    );
  });
});

describe('what operators need is still kept', () => {
  const kept = [
    'PWD=/home/ops/.hermes',
    'bypass=1 compass: north passed=3',
    'model=Qwen3-235B-A22B-Instruct-2507-FP8 provider=siliconflow',
    'loading unsloth/Qwen3-30B-A3B-Instruct-2507-GGUF from cache',
    'commit 3f786850e387550fdab836ed7e6dc881de23001b merged',
    'sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    'GET https://api.sgroup.qq.com/v2/users/A37B46B0A04E3326D727DFD81FCFEBA9/messages',
    "[QQBot:102345678] C2C message: id=ROBOT1.0_dQk7.Nv2xYpLm0aWcFh3JQ!! content='ping' attachments=None",
    'File "/home/ops/.local/share/uv/python/cpython-3.11.7-linux-x86_64-gnu/lib/python3.11/asyncio/threads.py", line 25',
    '[QQBot:102345678] Resume sent (session_id=7f3c9a2e-5b1d-4e8a-9c0f-2d6b8e4a1c37, seq=23)',
    'token=None secret=null password=',
    'QQBot reconnect loop alive; Bearer token missing',
    'ssh://git@github.com/ops/hermes.git',
    'serverchan: sendkey=',
    '{"key":"seq","value":"0"}',
    '\x1b[31mred\x1b[0m text',
    '家庭 👨\u200D👩\u200D👧 emoji',
  ];
  for (const line of kept) it(JSON.stringify(line).slice(1, 80), () => expect(redact(line)).toBe(line));
});
