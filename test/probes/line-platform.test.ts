// The one attribution table (issue 54): every line to its platform, whoever logged it, and what it says of the
// platform's connection by kind. Loggers as the libraries under Hermes name them (lark-oapi 1.3.5's `Lark`, slack_bolt
// 1.30's `slack_bolt.AsyncApp`, slack_sdk's `slack_sdk.socket_mode.aiohttp`, discord.py 2.7's `discord.gateway`,
// python-telegram-bot 22.8's `telegram.ext.Updater`, mautrix 0.21's `mau.http`, matrix-nio's `nio.client.async_client`).
// httpx's line for each request it sends (httpx/_client.py): `'HTTP Request: %s %s "%s %d %s"'` (issue 60).
import { describe, expect, it } from 'vitest';
import { failureText, isGatewayComponent, lineRole, platformOfLine } from '../../src/probes/line-platform.js';

const of = (logger: string, message = 'x') => platformOfLine({ logger, message });

describe('which platform a line is about', () => {
  it.each([
    ['gateway.platforms.qqbot.adapter', 'qqbot'],
    ['hermes_plugins.feishu_platform.adapter', 'feishu'],
    ['gateway.platforms.feishu', 'feishu'],
    ['Lark', 'feishu'],
    ['slack_bolt.AsyncApp', 'slack'],
    ['slack_sdk.socket_mode.aiohttp', 'slack'],
    ['discord.gateway', 'discord'],
    ['discord.client', 'discord'],
    ['telegram.ext.Updater', 'telegram'],
    ['telegram.ext', 'telegram'],
    ['mau.http', 'matrix'],
    ['nio.client.async_client', 'matrix'],
    ['dingtalk_stream.client', 'dingtalk'],
    ['gateway.platforms.weixin', 'weixin'],
    ['gateway.platforms.yuanbao', 'yuanbao'],
    ['hermes_plugins.irc_platform.adapter', 'irc'],
  ])('%s → %s', (logger, platform) => {
    expect(of(logger)).toBe(platform);
  });

  it('by the adapter’s tag or prefix when its logger names none; by the runner’s words; never a user’s text', () => {
    expect(of('gateway.platforms.base', '[Qqbot] QQBot app ID already in use (PID 4242).')).toBe('qqbot');
    expect(of('gateway.platforms.base', '[Whatsapp] Bridge process died (exit code 1)')).toBe('whatsapp');
    expect(of('gateway.run', '✓ telegram connected')).toBe('telegram');
    expect(of('gateway.run', 'Reconnect matrix failed, next retry in 60s')).toBe('matrix');
    expect(of('gateway.run', "inbound message: platform=qqbot user=U1 chat=U1 msg='[Slack] hi'")).toBeUndefined();
    expect(of('agent.conversation_loop', 'Matrix: quoted by the agent')).toBeUndefined();
    expect(of('agent.conversation_loop', 'nothing here')).toBeUndefined();
  });

  it('a generic library’s line by the platform host it names, and only a generic library’s', () => {
    expect(of('urllib3.connectionpool', "Retrying ... host='open.feishu.cn'")).toBe('feishu');
    expect(of('websockets.client', 'connect failed; reconnecting in 3.1 seconds: wss://gateway.discord.gg')).toBe(
      'discord',
    );
    expect(of('aiohttp.client', 'Cannot connect to host api.sgroup.qq.com:443')).toBe('qqbot');
    expect(of('agent.tools', 'fetched https://api.telegram.org/ for the user')).toBeUndefined();
  });

  it('Hermes’ gateway components are the ones gateway.log also holds', () => {
    expect(isGatewayComponent('gateway.run')).toBe(true);
    expect(isGatewayComponent('hermes_plugins.slack_platform.adapter')).toBe(true);
    expect(isGatewayComponent('plugins.platforms.x')).toBe(true);
    expect(isGatewayComponent('Lark')).toBe(false);
    expect(isGatewayComponent('slack_bolt.AsyncApp')).toBe(false);
    expect(isGatewayComponent('gatewayish')).toBe(false);
  });
});

describe('what a line says of its connection, by kind', () => {
  const role = (level: string, message: string, extra?: string[]) => lineRole({ level, message, extra });

  it('down: a warning or worse whose error has a known kind, in the message or its continuation', () => {
    expect(
      role(
        'ERROR',
        "connect failed, err: HTTPSConnectionPool(host='open.feishu.cn', port=443): Max retries exceeded with url: /callback/ws/endpoint (Caused by NameResolutionError(\"…: Failed to resolve 'open.feishu.cn' ([Errno -2] Name or service not known)\"))",
      ),
    ).toBe('down');
    expect(role('ERROR', 'connect failed, err: 503: system busy')).toBe('down');
    expect(
      role(
        'ERROR',
        'Failed to connect (error: The request to the Slack API failed. (url: https://slack.com/api/apps.connections.open, status: 200)',
        ["The server responded with: {'ok': False, 'error': 'token_revoked'}); Retrying..."],
      ),
    ).toBe('down');
    expect(
      role('ERROR', 'Attempting a reconnect in 1.37s', [
        'Traceback (most recent call last):',
        '  File "x"',
        'aiohttp.client_exceptions.ClientConnectorDNSError: Cannot connect to host gateway.discord.gg:443 ssl:default [Temporary failure in name resolution]',
      ]),
    ).toBe('down');
  });

  it('not down: an INFO line, a send, a failure of no known kind; a rate limit is a wait', () => {
    expect(role('INFO', 'connect failed, err: 503: system busy')).not.toBe('down');
    expect(role('ERROR', '[Weixin] send failed to=o9: [Errno 111] Connection refused')).toBeUndefined();
    expect(role('WARNING', 'Unknown OP code 42.')).toBeUndefined();
    expect(role('WARNING', '[Weixin] rate limited for o9cq80_u1x; backing off 3.0s before retry')).toBe('retry');
  });

  it('up and retry in their words; never `not connected` or `disconnected`', () => {
    expect(role('INFO', 'connected to wss://msg-frontier.feishu.cn/ws/v2?device_id=1 [conn_id=1]')).toBe('up');
    expect(role('INFO', 'A new session (s_8779876543210) has been established')).toBe('up');
    expect(role('INFO', 'Shard ID None has connected to Gateway (Session ID: 3f2a).')).toBe('up');
    expect(role('INFO', 'disconnected to wss://msg-frontier.feishu.cn/ws/v2')).toBeUndefined();
    expect(role('WARNING', '[Whatsapp] ⚠ WhatsApp not connected after 30s')).toBeUndefined();
    expect(role('INFO', 'trying to reconnect for the 3rd time')).toBe('retry');
    expect(role('INFO', 'The session (s_1) seems to be already closed. Reconnecting...')).toBe('retry');
  });
});

describe('httpx’s line for each request: its platform by host, its role by status (issue 60)', () => {
  const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
  const req = (method: string, url: string, status: string) => `HTTP Request: ${method} ${url} "${status}"`;
  const poll = (status: string) => req('POST', `https://api.telegram.org/bot${TOKEN}/getUpdates`, status);
  const rec = (message: string) => ({ logger: 'httpx', level: 'INFO', message });
  const role = (message: string) => lineRole(rec(message));

  it('is the platform’s whose host it names; a provider’s request is nobody’s', () => {
    expect(platformOfLine(rec(poll('HTTP/1.1 502 Bad Gateway')))).toBe('telegram');
    expect(platformOfLine(rec(req('GET', 'https://discord.com/api/v10/users/@me', 'HTTP/1.1 401 Unauthorized')))).toBe(
      'discord',
    );
    expect(
      platformOfLine(
        rec(
          req(
            'POST',
            'https://open.feishu.cn/open-apis/auth/v3/tenant_access_token/internal',
            'HTTP/2 503 Service Unavailable',
          ),
        ),
      ),
    ).toBe('feishu');
    expect(
      platformOfLine(rec(req('POST', 'https://api.openai.com/v1/chat/completions', 'HTTP/1.1 502 Bad Gateway'))),
    ).toBeUndefined();
  });

  it('down at INFO by its status: a 5xx, 401/403, 409, 429; of no kind, nothing', () => {
    for (const status of [
      'HTTP/1.1 502 Bad Gateway',
      'HTTP/1.1 503 Service Unavailable',
      'HTTP/2 500 Internal Server Error',
      'HTTP/1.1 401 Unauthorized',
      'HTTP/1.1 409 Conflict',
      'HTTP/1.1 429 Too Many Requests',
      // A code httpx knows no phrase for: `"HTTP/2 599 "`.
      'HTTP/2 599 ',
    ])
      expect(role(poll(status)), status).toBe('down');
    expect(role(poll('HTTP/1.1 404 Not Found'))).toBeUndefined();
    expect(role(poll('HTTP/1.1 302 Found'))).toBeUndefined();
  });

  it('a success on the receive path is the connection up; on any other request, the API answering', () => {
    expect(role(poll('HTTP/1.1 200 OK'))).toBe('up');
    expect(role(req('POST', `https://api.telegram.org/bot${TOKEN}/getMe`, 'HTTP/1.1 200 OK'))).toBe('answered');
    expect(role(req('GET', 'https://discord.com/api/v10/users/@me', 'HTTP/2 200 OK'))).toBe('answered');
  });

  it('a failed send is not the connection’s: the Bot API’s send methods, a REST API’s messages', () => {
    expect(
      role(req('POST', `https://api.telegram.org/bot${TOKEN}/sendMessage`, 'HTTP/1.1 403 Forbidden')),
    ).toBeUndefined();
    expect(
      role(req('POST', 'https://discord.com/api/v10/channels/1234/messages', 'HTTP/1.1 429 Too Many Requests')),
    ).toBeUndefined();
    expect(
      role(
        req(
          'POST',
          'https://open.feishu.cn/open-apis/im/v1/messages?receive_id_type=chat_id',
          'HTTP/1.1 503 Service Unavailable',
        ),
      ),
    ).toBeUndefined();
  });

  it('says why by its status and the request’s last part: never the path a credential rides in', () => {
    const why = failureText(rec(poll('HTTP/1.1 502 Bad Gateway')));
    expect(why).toBe('HTTP/1.1 502 Bad Gateway (POST api.telegram.org/…/getUpdates)');
    expect(why).not.toContain(TOKEN.slice(10));
    expect(failureText(rec(req('GET', `https://api.telegram.org/bot${TOKEN}?x=1`, 'HTTP/1.1 401 Unauthorized')))).toBe(
      'HTTP/1.1 401 Unauthorized (GET api.telegram.org/…)',
    );
  });

  it('matrix-nio’s validation error of every sync is down, in its own words', () => {
    const nio = {
      logger: 'nio.responses',
      level: 'WARNING',
      message: "Error validating response: 'next_batch' is a required property",
    };
    expect(platformOfLine(nio)).toBe('matrix');
    expect(lineRole(nio)).toBe('down');
  });
});
