import { describe, expect, it } from 'vitest';
import {
  forgetRegistered,
  redact,
  redactDeep,
  redactionMemo,
  registerSecretKeys,
  registerSecretShapes,
  registerSecrets,
  secretValues,
} from '../../src/util/redact.js';
import { redactLogLine } from '../../src/util/logger.js';
import { parseConfig } from '../../src/channels/config.js';

const SECRET = 'k8Zq0vT3xYw9LmN2pQr5sTu7';

describe('redact masks secrets', () => {
  const cases: [string, string, string][] = [
    ['QQ auth header', `Authorization: QQBot ${SECRET}`, 'Authorization: QQBot ***'],
    ['bearer header', `Authorization: Bearer ${SECRET}`, 'Authorization: Bearer ***'],
    ['bare bearer', `curl -H "X-Api: Bearer ${SECRET}"`, 'curl -H "X-Api: Bearer ***"'],
    [
      'auth header in a Python dict',
      `headers={'Authorization': 'QQBot ${SECRET}', 'X-Union-Appid': '102345678'}`,
      `headers={'Authorization': 'QQBot ***', 'X-Union-Appid': '102345678'}`,
    ],
    [
      'access_token query',
      `GET https://api.sgroup.qq.com/gateway?access_token=${SECRET}&x=1`,
      'GET https://api.sgroup.qq.com/gateway?access_token=***&x=1',
    ],
    [
      'JSON app_secret',
      `{"app_id":"cli_a5f3c2d1e0b9a8c7","app_secret":"${SECRET}"}`,
      '{"app_id":"cli_a5f3c2d1e0b9a8c7","app_secret":"***"}',
    ],
    [
      'JSON clientSecret with spaces',
      `{ "appId": "102345678", "clientSecret": "${SECRET}" }`,
      '{ "appId": "102345678", "clientSecret": "***" }',
    ],
    [
      'JSON tenant_access_token',
      `{"code":0,"expire":7140,"tenant_access_token":"t-g1044ghJRUIJJ5ELPZH4MUA2BCDEFGH"}`,
      '{"code":0,"expire":7140,"tenant_access_token":"***"}',
    ],
    ['env line', `QQ_CLIENT_SECRET=${SECRET}`, 'QQ_CLIENT_SECRET=***'],
    ['env line quoted', `FEISHU_APP_SECRET="${SECRET}"`, 'FEISHU_APP_SECRET="***"'],
    ['k=v password', `db user=ops password=hunter2hunter2 host=db`, 'db user=ops password=*** host=db'],
    ['yaml client_secret', `  client_secret: ${SECRET}`, '  client_secret: ***'],
    ['yaml app_secret quoted', `    app_secret: "${SECRET}"`, '    app_secret: "***"'],
    ['yaml bare secret', `secret: ${SECRET}`, 'secret: ***'],
    ['yaml bare token', `  token: ${SECRET}`, '  token: ***'],
    ['yaml password', `password: s3cr3t-pass`, 'password: ***'],
    ['lark tenant token alone', 'using t-g1044ghJRUIJJ5ELPZH4MUA2BCDEFGH for send', 'using *** for send'],
    ['lark user token', 'u-5Jm0x9PqZ8Lk2Nv7Rt4Yw1Bc6 expired', '*** expired'],
    [
      'URL with user:pass',
      'HTTPS_PROXY=http://ops:Pr0xyPa55@10.0.0.2:3128',
      'HTTPS_PROXY=http://ops:***@10.0.0.2:3128',
    ],
    [
      'socks URL with user:pass',
      'ALL_PROXY=socks5://ops:Pr0xyPa55@10.0.0.2:1080',
      'ALL_PROXY=socks5://ops:***@10.0.0.2:1080',
    ],
    [
      'feishu webhook hook id',
      'https://open.feishu.cn/open-apis/bot/v2/hook/2f1c3b4a-5d6e-7f80-9a1b-2c3d4e5f6a7b',
      'https://open.feishu.cn/open-apis/bot/v2/hook/***',
    ],
    // The forms that survived the old redactors (issue 8 item 5).
    [
      'OpenAI sk- key in prose',
      `2026-06-22 08:00:01,220 ERROR agent: OpenAI call failed with key sk-proj-${SECRET}abcd`,
      '2026-06-22 08:00:01,220 ERROR agent: OpenAI call failed with key ***',
    ],
    ['Anthropic sk-ant key', `using sk-ant-api03-${SECRET}_-xyz for claude`, 'using *** for claude'],
    [
      'password: after the timestamp',
      '2026-06-22 08:00:01,220 INFO gateway.run: password: x',
      '2026-06-22 08:00:01,220 INFO gateway.run: password: ***',
    ],
    [
      'db password: x',
      'connecting with db password: hunter2 to 10.0.0.5',
      'connecting with db password: *** to 10.0.0.5',
    ],
    ['Cookie header', `Cookie: session=${SECRET}; theme=dark`, 'Cookie: ***'],
    ['Set-Cookie in a dict', `{'Set-Cookie': 'sid=${SECRET}; HttpOnly'}`, `{'Set-Cookie': '***'}`],
    [
      'GitHub ghp_ token',
      `git push https://github.com/x/y using ghp_${SECRET}abcdefghij`,
      'git push https://github.com/x/y using ***',
    ],
    ['GitHub fine-grained PAT', `GH=github_pat_11ABCDEFG0123456789_${SECRET}${SECRET}`, 'GH=***'],
    ['AWS access key id', 'aws key AKIAIOSFODNN7EXAMPLE in use', 'aws key *** in use'],
    [
      'AWS secret key, labelled',
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'aws_secret_access_key = ***',
    ],
    [
      'AWS secret key, unlabelled',
      'creds AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'creds *** ***',
    ],
    [
      'JWT',
      'ClientAssertion eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk end',
      'ClientAssertion *** end',
    ],
    ['passphrase=', 'ssh-add passphrase=correct-horse-battery', 'ssh-add passphrase=***'],
    [
      'URL-encoded client_secret%3D',
      `body=grant_type%3Dclient%26client_secret%3D${SECRET}%26app%3D1`,
      'body=grant_type%3Dclient%26client_secret%3D***%26app%3D1',
    ],
    [
      'URL-encoded quoted secret',
      `data=%7B%22app_secret%22%3A%22${SECRET}%22%7D`,
      'data=%7B%22app_secret%22%3A%22***%22%7D',
    ],
    [
      'escaped JSON inside a string',
      `error="{\\"app_secret\\":\\"${SECRET}\\",\\"app_id\\":\\"cli_a5\\"}"`,
      `error="{\\"app_secret\\":\\"***\\",\\"app_id\\":\\"cli_a5\\"}"`,
    ],
    ['the part after an escaped quote in a JSON value', `{"password": "ab\\"${SECRET}"}`, '{"password": "***"}'],
    ['--api-key X', `hermes run --api-key ${SECRET} --verbose`, 'hermes run --api-key *** --verbose'],
    ['--token=X', `curl --token=${SECRET}`, 'curl --token=***'],
    ['--client-secret "X"', `qqbot --client-secret "${SECRET}"`, 'qqbot --client-secret "***"'],
    ['X-Api-Key header', `X-Api-Key: ${SECRET}`, 'X-Api-Key: ***'],
    ['Python repr password', `{'user': 'ops', 'password': 'two words'}`, `{'user': 'ops', 'password': '***'}`],
    ['Basic auth header', 'Authorization: Basic b3BzOmh1bnRlcjI=', 'Authorization: Basic ***'],
    // Two padding characters are no `key=value` after the credential: the credential is what is masked, not the scheme.
    ['Basic auth header, padded twice', 'Authorization: Basic Zm9vOmJhcg==', 'Authorization: Basic ***'],
    ['a padded credential in a header', 'authorization=Bearer YWJjZGVmZ2hpams==', 'authorization=Bearer ***'],
    ['Slack token', `SLACK xoxb-1234567890-${SECRET}`, 'SLACK ***'],
    [
      'Telegram bot token',
      'GET https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0/getMe',
      'GET https://api.telegram.org/bot123456789:***/getMe',
    ],
    ['Google API key', 'key AIzaSyA1234567890abcdefghijklmnopqrstuv used', 'key *** used'],
    ['Stripe live key', `sk_live_${SECRET}`, '***'],
    [
      'PEM private key',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----',
      '-----BEGIN RSA PRIVATE KEY-----\n***\n-----END RSA PRIVATE KEY-----',
    ],
    [
      'WeCom webhook key query',
      'POST https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0',
      'POST https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***',
    ],
    [
      'feishu ws ticket and access_key',
      'wss://x/ws/v2?fpid=1&access_key=ak-abcdef12&service_id=3&ticket=tk-123456',
      'wss://x/ws/v2?fpid=1&access_key=***&service_id=3&ticket=***',
    ],
    ['bare token: with a token-looking value', '[QQBot:102345678] token: tok0a1b2c3d4', '[QQBot:102345678] token: ***'],
    ['api_key in YAML', '  api_key: sk-abc', '  api_key: ***'],
    [
      'plist environment variable',
      '<key>QQ_CLIENT_SECRET</key>\n      <string>qq secret value</string>',
      '<key>QQ_CLIENT_SECRET</key>\n      <string>***</string>',
    ],
    ['--ticket X', 'ws --ticket tk-1234 --verbose', 'ws --ticket *** --verbose'],
  ];
  for (const [name, input, want] of cases) {
    it(name, () => {
      expect(redact(input)).toBe(want);
    });
  }

  it('leaves no secret behind in a mixed line', () => {
    const line = `2026-07-03 08:02:16,904 WARNING gateway.platforms.qqbot.adapter: [QQBot:102345678] Send failed: 401 for url 'https://api.sgroup.qq.com/v2/users/A37B46B0A04E3326D727DFD81FCFEBA9/messages?access_token=${SECRET}' headers={'Authorization': 'QQBot ${SECRET}'}`;
    const out = redact(line);
    expect(out).not.toContain(SECRET);
    expect(out).toContain('[QQBot:102345678] Send failed: 401');
    expect(out).toContain('A37B46B0A04E3326D727DFD81FCFEBA9');
  });
});

describe('redact keeps what operators need', () => {
  const untouched = [
    '2026-06-22 08:00:03,402 INFO gateway.platforms.qqbot.adapter: [QQBot:102345678] Access token refreshed, expires in 7200s',
    '2026-06-22 12:56:04,355 WARNING gateway.platforms.qqbot.adapter: [QQBot:102345678] Reconnect failed: Failed to get QQ Bot access token: [Errno -3] Temporary failure in name resolution',
    '2026-06-22 08:00:01,220 INFO gateway.run: Secret redaction: ENABLED (tool output, logs, and chat responses are scrubbed before delivery)',
    '[QQBot:102345678] Invalid token (4004), will refresh and reconnect',
    '[QQBot:102345678] Resume sent (session_id=7f3c9a2e-5b1d-4e8a-9c0f-2d6b8e4a1c37, seq=23)',
    "[Feishu] Inbound text message received: id=om_x100b4c2e9f0a1d3c type=text chat_id=oc_5e2f7a9c1d3b8e6f0a4c2d9e7b1f3a5c sender=open_id:ou_7d3a1f9e2b4c6d8e0f1a2b3c4d5e6f70 text='部署状态' media=0",
    '{"app_id":"cli_a5f3c2d1e0b9a8c7","open_id":"ou_7d3a1f9e2b4c6d8e0f1a2b3c4d5e6f70","token_expires_at":1751500000}',
    'feishu_open_id: ou_7d3a1f9e2b4c6d8e0f1a2b3c4d5e6f70',
    'app_id: 102345678',
    'Tool terminal returned error (322.13s)',
    'wss://api.sgroup.qq.com/websocket',
    'max_tokens=4096 used 12 tokens',
    // Harmless words near secret names: a key is secret only when it ENDS with the secret word.
    'usage token_count=5 prompt_tokens=12 completion_tokens=40',
    '[QQBot:102345678] QQ startup failed: Failed to get QQ Bot access token: Cannot connect to host bots.qq.com:443',
    'gateway.run: Platforms connected: feishu, qqbot, telegram (pid 48213)',
    '{"tenant_key":"736588c9260f175e","key":"seq","value":"0"}',
    'task-runner-1234567890abcdefgh finished',
    'commit 3f786850e387550fdab836ed7e6dc881de23001b merged',
    'password reset requested by ops',
    'PWD=/home/ops/.hermes',
    'Too many quick disconnects. Check: 1) AppID/Secret correct 2) Bot permissions on QQ Open Platform',
    '[Feishu] FEISHU_APP_ID or FEISHU_APP_SECRET not set',
    'QQ startup failed: QQ_APP_ID and QQ_CLIENT_SECRET are required',
    'passwordless=true keyboard=us',
    '"keep QQBot reconnect loop alive" (_mark_transport_disconnected)',
    '<key>HERMES_HOME</key><string>/Users/ops/.hermes</string>',
  ];
  for (const line of untouched) {
    it(line.slice(0, 70), () => {
      expect(redact(line)).toBe(line);
    });
  }

  it('is idempotent', () => {
    const once = redact(`Authorization: Bearer ${SECRET} app_secret=${SECRET}`);
    expect(redact(once)).toBe(once);
  });
});

describe("the config's own secrets", () => {
  it('are masked verbatim wherever they appear, URL-encoded and JSON-escaped too', () => {
    const cfg = {
      channels: {
        qq: { app_id: '102345678', client_secret: 'Qq$ecret with spaces' },
        feishu: { app_id: 'cli_a5f3c2d1e0b9a8c7', app_secret: 'plainwordsecret' },
        notifiers: [
          {
            type: 'feishu_webhook',
            url: 'https://open.feishu.cn/open-apis/bot/v2/hook/abcdef-1234',
            secret: 'hooksigningkey"q',
          },
        ],
        future: {
          device_key: 'barkdevicekey42',
          smtp: { pass: 'smtppassword1' },
          url: 'https://api.day.app/Xy7kQ2mN9pL4vB8cR1tZ?x=1',
          ding: { url: 'https://oapi.dingtalk.com/robot/send?access_token=dingtoken123456' },
        },
      },
    };
    const values = secretValues(cfg);
    expect(values).toEqual(
      expect.arrayContaining([
        'Qq$ecret with spaces',
        'plainwordsecret',
        'hooksigningkey"q',
        'abcdef-1234',
        'barkdevicekey42',
        'smtppassword1',
        'Xy7kQ2mN9pL4vB8cR1tZ',
        'dingtoken123456',
      ]),
    );
    expect(values).not.toContain('102345678');
    registerSecrets(values);
    expect(redact('server said: invalid secret Qq$ecret with spaces for app 102345678')).toBe(
      'server said: invalid secret *** for app 102345678',
    );
    expect(redact('echo plainwordsecret')).toBe('echo ***');
    expect(redact(`body=${encodeURIComponent('Qq$ecret with spaces')}`)).toBe('body=***');
    expect(redact(JSON.stringify({ s: 'hooksigningkey"q' }))).toBe('{"s":"***"}');
    // Short values would mask ordinary words: never registered.
    registerSecrets(['abc']);
    expect(redact('abc')).toBe('abc');
  });
});

describe('forgetting what was registered', () => {
  // Test files that share a process start from a fresh redactor (test/helpers/fresh-file.ts): one file's config
  // secrets would otherwise mask another file's text.
  it('masks neither the values nor the key names registered before', () => {
    registerSecrets(['forgotten-credential-42']);
    registerSecretKeys(['plugins.x.warpkey']);
    expect(redact('sent forgotten-credential-42 warpkey=abcdef123')).toBe('sent *** warpkey=***');
    forgetRegistered();
    expect(redact('sent forgotten-credential-42 warpkey=abcdef123')).toBe(
      'sent forgotten-credential-42 warpkey=abcdef123',
    );
  });
});

describe('key names a config registers', () => {
  // A webhook's own header names reach registerSecretKeys too (docs/notifiers.md: `headers: { Authorization: … }`).
  it('leave a header the redactor knows as it was: its scheme kept', () => {
    registerSecretKeys(['headers.Authorization', 'headers.Cookie', 'headers.X-Api-Key']);
    expect(redact('{"authorization":"Bearer abc123def456"}')).toBe('{"authorization":"Bearer ***"}');
    expect(redact('authorization=Bearer abc123def456')).toBe('authorization=Bearer ***');
    expect(redact('my_authorization: xyz')).toBe('my_authorization: xyz');
    expect(redact('setcookie=abc')).toBe('setcookie=abc');
    forgetRegistered();
  });
});

describe('values a caller names for one text', () => {
  it('are masked there, with what the redactor knows', () => {
    expect(redact('HTTP 400: failed to get [KEY123456] device token', ['KEY123456'])).toBe(
      'HTTP 400: failed to get [***] device token',
    );
    expect(redact('Authorization: Bearer tk_abcdef', [])).not.toContain('tk_abcdef');
    expect(redact('abc', ['', undefined, 'ab'])).toBe('abc');
    // Not anywhere else: a short ntfy topic would be an ordinary word.
    expect(redact('ops topic', ['ops1'])).toBe('ops topic');
    expect(redact('KEY123456')).toBe('KEY123456');
  });
});

describe('redactDeep', () => {
  it('masks secret-named fields and redacts every string, keeping the shape', () => {
    const input = {
      token: 'whatever',
      clientSecret: 'x1',
      nested: [{ line: `Authorization: Bearer ${SECRET}`, tokens: 5, token_count: 5 }],
      n: 1,
      ok: true,
      none: null,
    };
    expect(redactDeep(input)).toEqual({
      token: '***',
      clientSecret: '***',
      nested: [{ line: 'Authorization: Bearer ***', tokens: 5, token_count: 5 }],
      n: 1,
      ok: true,
      none: null,
    });
  });
});

describe('hostile input', () => {
  it('long lines cost linear time', () => {
    const lines = [
      'a'.repeat(200_000),
      `${'password'.repeat(20_000)}`,
      `token=${'x'.repeat(200_000)}`,
      '-'.repeat(200_000),
      `${'--a-'.repeat(50_000)}`,
      `${'"token":"'.repeat(20_000)}`,
      `${'\\"'.repeat(60_000)}`,
      'eyJ'.repeat(60_000) + '.',
    ];
    const t = performance.now();
    for (const l of lines) redact(l);
    // Generous (a busy 2-core CI): about 1 s when idle; the old super-linear patterns took 110 s on these lines.
    expect(performance.now() - t).toBeLessThan(30_000);
  });
});

describe('the secret keys channel plugins declare', () => {
  it('are masked by name and by configured value once a config is loaded', () => {
    // Before: nothing configured is registered (`sendkey` and `pass` are secret words of their own).
    expect(redact('auth failed for "two words pw"')).toBe('auth failed for "two words pw"');
    parseConfig(
      [
        'targets: [{ name: t, hermes_home: /nonexistent/hermes }]',
        'channels:',
        '  notifiers:',
        '    - { type: serverchan, sendkey: SCT123456Tabcdef }',
        '    - { type: email, smtp: { host: mail.example, port: 587, user: ops, pass: "two words pw" }, from: a@b.c, to: [d@e.f] }',
        '    - { type: webhook, url: "https://hooks.example/in", headers: { X-Hook: hookheadervalue } }',
      ].join('\n'),
    );
    // key=value with a value that is not the configured one (serverchan's declared `sendkey`, email's `smtp.pass`).
    expect(redact('serverchan: sendkey=SCTother123 refused')).toBe('serverchan: sendkey=*** refused');
    expect(redact('SMTP_PASS=hunter22 smtp.pass: hunter22')).toBe('SMTP_PASS=*** smtp.pass: ***');
    expect(redactDeep({ sendkey: 'x', nested: { pass: 'y' } })).toEqual({ sendkey: '***', nested: { pass: '***' } });
    // The configured values, bare, wherever they are (the whole webhook URL and its headers too).
    expect(redact('posting to sctapi.ftqq.com/SCT123456Tabcdef.send failed')).toBe(
      'posting to sctapi.ftqq.com/***.send failed',
    );
    expect(redact('auth failed for "two words pw"')).toBe('auth failed for "***"');
    expect(redact('POST https://hooks.example/in with hookheadervalue')).toBe('POST *** with ***');
    // The names of a secret map (the webhook's headers) are secret keys: another value under one is masked too.
    expect(redact("headers={'X-Hook': 'someothervalue'} X-Hook: someothervalue")).toBe(
      "headers={'X-Hook': '***'} X-Hook: ***",
    );
    // A configured value split by an invisible character is still that value.
    expect(redact('auth failed for "two wo\u200brds\u200b pw"')).toBe('auth failed for "***"');
    // In a log line as the logger writes it.
    expect(
      redactLogLine(JSON.stringify({ msg: 'push failed', detail: 'sendkey=SCTother123 and SCT123456Tabcdef' })),
    ).not.toMatch(/SCTother123|SCT123456Tabcdef/);
    // Whole names only: words that merely end like one, and `url=`, are kept.
    expect(redact('bypass=1 compass: north url=https://example.com/x')).toBe(
      'bypass=1 compass: north url=https://example.com/x',
    );
  });
});

describe('secret shapes a plugin brings', () => {
  it('are masked wherever they appear once registered, a mask function keeping what is no secret; a pattern must be global', () => {
    const memo = redactionMemo();
    expect(memo.text('sent with gwtest:ab12cd34 ok')).toBe('sent with gwtest:ab12cd34 ok');
    registerSecretShapes([
      {
        pattern: /\bgwtest:([a-z]{2})[a-z0-9]{6}\b/g,
        mask: (_m, head: string) => `gwtest:${head}***`,
        need: /gwtest:/,
      },
    ]);
    expect(redact('sent with gwtest:ab12cd34 ok')).toBe('sent with gwtest:ab*** ok');
    // What the redactor masks changed: a memo of its answers starts again.
    expect(memo.text('sent with gwtest:ab12cd34 ok')).toBe('sent with gwtest:ab*** ok');
    expect(() => registerSecretShapes([{ pattern: /gwtest2:[a-z]+/ }])).toThrow(/must be global/);
  });
});
