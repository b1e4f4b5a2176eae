// /history shows, under each alert, what every channel did with it: sent / deferred / failed, when and why. Each
// attempt outcome is an audit `delivery` record, written once per change of outcome (not per retry).
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { buildChannels } from '../../src/channels/index.js';
import { renderText } from '../../src/delivery/render-text.js';
import { createDeliveryAudit } from '../../src/state/delivery-audit.js';
import type { Alert, AuditInput, Finding, Reply } from '../../src/types.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { until } from '../helpers/until.js';
import { startFakePush, type FakePush } from '../fakes/push-services.js';
import { systemClock } from '../../src/util/clock.js';

const NTFY_TOKEN = 'tk_secret0123456789';
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function rig(locale = 'en'): Promise<{ h: Harness; ntfy: FakePush; hook: FakePush }> {
  const ntfy = await startFakePush('ntfy', { ntfy: { alerts: NTFY_TOKEN } });
  const hook = await startFakePush('webhook', { webhook: { secret: '' } });
  cleanups.push(
    () => ntfy.close(),
    () => hook.close(),
  );
  const config = {
    locale,
    operators: [{ name: 'alice', role: 'admin', feishu_open_id: 'ou_alice' }],
    channels: {
      notifiers: [
        { type: 'ntfy', url: `${ntfy.base}/alerts`, token: NTFY_TOKEN },
        { type: 'webhook', name: 'ops-hook', url: `${hook.base}/hook` },
      ],
    },
  };
  const channels = await buildChannels(resolveConfig(configSchema.parse(config), undefined), systemClock);
  const h = await startHarness({ config, channels });
  cleanups.push(() => h.close());
  return { h, ntfy, hook };
}

const finding = (target: string): Finding => ({
  check: 'process_down',
  target,
  severity: 'critical',
  title: 'Gateway process is down',
  explanation: 'The gateway process exited.',
  action: 'Check the log.',
  evidence: [],
  restart: 'helps',
});

async function history(h: Harness, n = 20): Promise<string> {
  const replies: Reply[] = [];
  await h.app.handle(
    { channel: 'feishu', senderId: 'ou_alice', text: `/history ${n}` },
    async (r) => void replies.push(r),
  );
  return renderText(replies[0]!);
}

const poll = { timeoutMs: 30_000, everyMs: 100 };

describe('/history: delivery attempts per channel under each alert', () => {
  it('an alert that one channel failed twice and then sent: one failed record, one sent record after 2 failed, shown under the alert', async () => {
    const { h, hook } = await rig();
    hook.faults.push({ status: 503, body: 'upstream down' }, { status: 503, body: 'upstream down' });
    const target = h.config.targets[0]!.name;
    await h.app.judge(target, [finding(target)]);
    await until('the webhook to take it on the third try', () => hook.delivered().length === 1, {
      ...poll,
      timeoutMs: 40_000,
    });
    const audit = await until(
      'the sent record',
      async () => {
        const a = (await h.auditRecords()).filter((r) => r.type === 'delivery');
        return a.some(
          (r) =>
            (r.detail as Record<string, unknown>).channel === 'ops-hook' &&
            (r.detail as Record<string, unknown>).status === 'sent',
        )
          ? a
          : undefined;
      },
      poll,
    );
    const open = (await h.auditRecords()).find((r) => r.type === 'alert.open')!;
    const alertId = (open.detail as Record<string, unknown>).alert;
    expect(typeof alertId).toBe('string');
    const d = audit.map((r) => r.detail as Record<string, unknown>);
    expect(d.every((x) => x.alert === alertId)).toBe(true);
    // Two failed attempts, one record; the sent one says how many failed before it.
    expect(d.filter((x) => x.channel === 'ops-hook').map((x) => [x.status, x.failed_attempts])).toEqual([
      ['failed', undefined],
      ['sent', 2],
    ]);
    expect(d.find((x) => x.channel === 'ops-hook' && x.status === 'failed')!.reason).toMatch(/503/);
    expect(d.filter((x) => x.channel === 'ntfy').map((x) => x.status)).toEqual(['sent']);
    expect(audit[0]).toMatchObject({ target, check: 'process_down', severity: 'critical', actor: 'gatewatch' });

    const text = await history(h);
    const lines = text.split('\n');
    const at = lines.findIndex((l) => /gatewatch: down: .*Gateway process is down/.test(l));
    expect(at).toBeGreaterThanOrEqual(0);
    const under = lines.slice(at + 1, at + 3).join('\n');
    expect(under).toMatch(/↳ ntfy: sent \d\d-\d\d \d\d:\d\d:\d\d/);
    expect(under).toMatch(
      /↳ ops-hook: failed \d\d-\d\d \d\d:\d\d:\d\d \(webhook: HTTP 503[^)]*\), sent \d\d-\d\d \d\d:\d\d:\d\d after 2 failed/,
    );
    // Delivery records are not events of their own: the count is the alert (and the command records).
    expect(lines.filter((l) => /^\S+ delivery /.test(l))).toHaveLength(0);
  }, 60_000);

  it('a test alert (no alert record of its own) is shown with its deliveries, in zh-CN too', async () => {
    const { h, hook } = await rig('zh-CN');
    hook.faults.push({ status: 500, body: 'boom' });
    await h.app.handle({ channel: 'feishu', senderId: 'ou_alice', text: '/test' }, async () => undefined);
    const text = await history(h);
    expect(text).toMatch(/alice：测试告警：【测试】gatewatch 测试告警，请忽略/);
    expect(text).toMatch(/↳ ntfy：已发送 \d\d-\d\d \d\d:\d\d:\d\d/);
    expect(text).toMatch(/↳ ops-hook：失败 \d\d-\d\d \d\d:\d\d:\d\d（webhook: HTTP 500/);
  });
});

describe('delivery records stay bounded', () => {
  const alert = (id: string): Alert => ({
    id,
    kind: 'open',
    target: 't',
    check: 'c',
    severity: 'critical',
    createdAt: 0,
    reply: { title: `alert ${id}` },
  });

  it('a channel that keeps failing the same way writes one record, whatever the number of retries; a change writes one more', async () => {
    const written: AuditInput[] = [];
    const record = createDeliveryAudit(async (r) => void written.push(r));
    for (let i = 0; i < 500; i++)
      await record({ alert: alert('a'), channel: 'qq', status: 'failed', reason: `HTTP 503 try ${i}` });
    expect(written).toHaveLength(1);
    await record({ alert: alert('a'), channel: 'qq', status: 'deferred', reason: 'held' });
    await record({ alert: alert('a'), channel: 'qq', status: 'deferred', reason: 'held' });
    await record({ alert: alert('a'), channel: 'qq', status: 'sent' });
    expect(written.map((w) => (w.detail as Record<string, unknown>).status)).toEqual(['failed', 'deferred', 'sent']);
    expect(written[2]!.detail).toMatchObject({ failed_attempts: 500 });
    // Another channel, another alert: their own first records.
    await record({ alert: alert('a'), channel: 'feishu', status: 'failed', reason: 'x' });
    await record({ alert: alert('b'), channel: 'qq', status: 'failed', reason: 'x' });
    expect(written).toHaveLength(5);
    // A long reason is cut.
    await record({ alert: alert('c'), channel: 'qq', status: 'failed', reason: 'y'.repeat(5000) });
    expect(String((written[5]!.detail as Record<string, unknown>).reason).length).toBeLessThan(320);
  });

  it('remembers a bounded number of alert × channel pairs', async () => {
    const written: AuditInput[] = [];
    const record = createDeliveryAudit(async (r) => void written.push(r), { maxTracked: 10 });
    for (let i = 0; i < 1000; i++)
      await record({ alert: alert(`a${i}`), channel: 'qq', status: 'failed', reason: 'x' });
    expect(written).toHaveLength(1000);
    // The newest pairs are still remembered: their retries write nothing.
    await record({ alert: alert('a999'), channel: 'qq', status: 'failed', reason: 'x' });
    expect(written).toHaveLength(1000);
  });
});
