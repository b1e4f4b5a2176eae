// The one attribution table (issue 54): every line to its platform, whoever logged it, and what it says of the
// platform's connection by kind. Loggers as the libraries under Hermes name them (lark-oapi 1.3.5's `Lark`, slack_bolt
// 1.30's `slack_bolt.AsyncApp`, slack_sdk's `slack_sdk.socket_mode.aiohttp`, discord.py 2.7's `discord.gateway`,
// python-telegram-bot 22.8's `telegram.ext.Updater`, mautrix 0.21's `mau.http`, matrix-nio's `nio.client.async_client`).
import { describe, expect, it } from 'vitest';
import { isGatewayComponent, lineRole, platformOfLine } from '../../src/probes/line-platform.js';

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
