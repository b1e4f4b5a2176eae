import { describe, expect, it } from 'vitest';
import { redact } from '../src/util/redact.js';

const SECRET = 'k8Zq0vT3xYw9LmN2pQr5sTu7';

describe('redact masks secrets', () => {
  const cases: [string, string, string][] = [
    ['QQ auth header', `Authorization: QQBot ${SECRET}`, 'Authorization: QQBot ***'],
    ['bearer header', `Authorization: Bearer ${SECRET}`, 'Authorization: Bearer ***'],
    ['bare bearer', `curl -H "X-Api: Bearer ${SECRET}"`, 'curl -H "X-Api: Bearer ***"'],
    ['auth header in a Python dict', `headers={'Authorization': 'QQBot ${SECRET}', 'X-Union-Appid': '102345678'}`, `headers={'Authorization': 'QQBot ***', 'X-Union-Appid': '102345678'}`],
    ['access_token query', `GET https://api.sgroup.qq.com/gateway?access_token=${SECRET}&x=1`, 'GET https://api.sgroup.qq.com/gateway?access_token=***&x=1'],
    ['JSON app_secret', `{"app_id":"cli_a5f3c2d1e0b9a8c7","app_secret":"${SECRET}"}`, '{"app_id":"cli_a5f3c2d1e0b9a8c7","app_secret":"***"}'],
    ['JSON clientSecret with spaces', `{ "appId": "102345678", "clientSecret": "${SECRET}" }`, '{ "appId": "102345678", "clientSecret": "***" }'],
    ['JSON tenant_access_token', `{"code":0,"expire":7140,"tenant_access_token":"t-g1044ghJRUIJJ5ELPZH4MUA2BCDEFGH"}`, '{"code":0,"expire":7140,"tenant_access_token":"***"}'],
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
    ['URL with user:pass', 'HTTPS_PROXY=http://ops:Pr0xyPa55@10.0.0.2:3128', 'HTTPS_PROXY=http://ops:***@10.0.0.2:3128'],
    ['socks URL with user:pass', 'ALL_PROXY=socks5://ops:Pr0xyPa55@10.0.0.2:1080', 'ALL_PROXY=socks5://ops:***@10.0.0.2:1080'],
    ['feishu webhook hook id', 'https://open.feishu.cn/open-apis/bot/v2/hook/2f1c3b4a-5d6e-7f80-9a1b-2c3d4e5f6a7b', 'https://open.feishu.cn/open-apis/bot/v2/hook/***'],
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
