// Issue 20 item 3: `/doctor` explains every mark it prints. Each channel marked (!) has a line naming it with why
// (a Feishu app whose secret Feishu refused at start, a notifier whose last push failed); each finding's icon comes
// with its explanation and what to do; a warning is a sentence of its own. Checked on the reply as a chat shows it.
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { createChannel } from '../../src/channels/feishu/index.js';
import { plugin as ntfy } from '../../src/notifiers/ntfy.js';
import type { Reply } from '../../src/types.js';
import { startFakeFeishu } from '../fakes/feishu-server.js';
import { startFakePush } from '../fakes/push-services.js';
import { feishuArgs, pluginHost } from '../helpers/channels.js';
import { startHarness } from '../helpers/harness.js';

const APP = 'cli_0123456789abcdef';
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

/** Every channel the channels field marks (!), and whether a line explains it with a reason. */
function unexplainedMarks(r: Reply): { marked: string[]; unexplained: string[] } {
  const field = r.fields?.find((f) => f.label === 'channels')?.value ?? '';
  const marked = [...field.matchAll(/([\w-]+) \(!\)/g)].map((m) => m[1]!);
  const unexplained = marked.filter((n) => !(r.lines ?? []).some((l) => new RegExp(`^${n} \\(!\\): \\S`).test(l)));
  return { marked, unexplained };
}

describe('/doctor explains every mark it prints', () => {
  it('a reason beside each (!), and an explanation and action under each finding', async () => {
    const fake = await startFakeFeishu({ appId: APP, appSecret: 'right-secret', clientConfig: { PingInterval: 5 } });
    cleanups.push(() => fake.close());
    const push = await startFakePush('ntfy', { ntfy: { alerts: '' } });
    cleanups.push(() => push.close());
    // No watch loop: the (empty) Hermes home gives findings of its own (no state file, no log).
    const h = await startHarness({ start: false });
    cleanups.push(() => h.close());
    const host = pluginHost(h.config);
    const pager = await ntfy.create({ ...ntfy.schema.parse({ url: `${push.base}/alerts` }), name: 'pager' }, host);
    await h.app.addChannel(pager);
    push.faults.push({ status: 500, body: 'down for maintenance' });
    expect(await pager.deliver({ id: 'a', kind: 'notice', target: 'default', severity: 'warning', createdAt: 0, reply: { title: 'x' } })).toMatchObject({ status: 'failed' });
    const config = resolveConfig(
      configSchema.parse({ targets: [{ name: 'default', hermes_home: h.hermesHome }], channels: { feishu: { app_id: APP, app_secret: 'wrong-secret', domain: fake.base, alert_to: [{ chat_id: 'oc_x' }] } } }),
      undefined,
    );
    await expect(h.app.addChannel(createChannel(...feishuArgs(config), { credentialCheckTimeoutMs: 5_000 }))).rejects.toThrow(/refused by Feishu/);

    const replies = await h.say('/doctor');
    const report = replies.find((r) => r.fields?.some((f) => f.label === 'channels'));
    expect(report).toBeDefined();
    const { marked, unexplained } = unexplainedMarks(report!);
    expect(marked.sort()).toEqual(['feishu', 'pager']);
    expect(unexplained).toEqual([]);
    expect(report!.lines).toContainEqual(expect.stringMatching(/^feishu \(!\): .*refused by Feishu \(code 10014/));
    expect(report!.lines).toContainEqual(expect.stringMatching(/^pager \(!\): last push failed: .*500/));

    // A finding's icon is never alone: its explanation and its action follow.
    const lines = report!.lines ?? [];
    expect(lines.some((l) => /^(🔴|🟠|ℹ️) /.test(l))).toBe(true);
    lines.forEach((l, i) => {
      if (/^(🔴|🟠|ℹ️) /.test(l)) {
        expect(lines[i + 1], `explanation of ${l}`).toMatch(/^ {3}\S/);
        expect(lines[i + 2], `action of ${l}`).toMatch(/^ {3}→ \S/);
      }
    });
  });
});
