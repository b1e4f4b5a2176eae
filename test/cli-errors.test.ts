// The line a command ends with when the daemon is busy, hung, not to be trusted or fails a request: in the terminal's
// language (issue 20 item 5), with the socket, the pid and exit 75 (1 for a request the daemon failed).
import { describe, expect, it } from 'vitest';
import { cliFailure } from '../src/cli-errors.js';
import { DaemonBusy, DaemonFailed, DaemonUnreachable, UntrustedSocket } from '../src/control/client.js';
import { englishProse } from './helpers/english-prose.js';

const sock = '/run/user/1000/gw/gatewatch.sock';
const cases = () => [
  new DaemonBusy(4242, sock, { key: 'control.again.full', params: { count: 8 } }),
  new DaemonBusy(undefined, sock, { key: 'control.again.closed' }),
  new DaemonUnreachable(4242, sock),
  new DaemonUnreachable(undefined, sock),
  new UntrustedSocket(sock, { key: 'control.untrusted.owner', params: { path: sock, owner: 0, uid: 1000 } }),
  new DaemonFailed({ key: 'control.failed.timeout', params: { pid: 4242, minutes: 10 } }),
];

describe('a daemon that cannot take the command, in the reader’s words', () => {
  it('zh-CN: Chinese, naming the socket and pid; en: the same English as before', async () => {
    for (const err of cases()) {
      const zh = await cliFailure(err, 'zh-CN');
      const en = await cliFailure(err, 'en');
      expect(englishProse(zh.line), zh.line).toEqual([]);
      expect(englishProse(en.line), en.line).not.toEqual([]);
      expect(zh.exit).toBe(en.exit);
      if (!(err instanceof DaemonFailed)) expect(zh.line).toContain(sock);
    }
    const [busy, , hung] = cases();
    expect((await cliFailure(busy, 'zh-CN')).line).toBe(
      `gatewatch 守护进程（pid 4242，${sock}）正忙：已有 8 个控制连接；请稍后再试；不会背着它在这里执行命令`,
    );
    expect(await cliFailure(busy, 'en')).toEqual({
      line: `the gatewatch daemon (pid 4242) on ${sock} is busy: 8 control connections are open; try again in a moment; not running the command here behind its back`,
      exit: 75,
    });
    expect(await cliFailure(hung, 'en')).toEqual({
      line: `the gatewatch daemon (pid 4242) does not answer on ${sock}; not running the command here behind its back. Is it hung? (kill 4242)`,
      exit: 75,
    });
  });

  it("a daemon's own busy reason from another version is kept as it came", async () => {
    const { busyWhy } = await import('../src/control/client.js');
    expect(busyWhy('busy: 8 control connections are open')).toEqual({
      key: 'control.again.full',
      params: { count: 8 },
    });
    expect(busyWhy('busy: draining')).toEqual({ key: 'control.again.other', params: { why: 'draining' } });
  });
});
