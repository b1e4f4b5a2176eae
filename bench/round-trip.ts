// 9. Command round trip: /status pushed by the fake QQ and Feishu servers → the reply received by the fake server.
// 1000 per platform (200 in --quick), one at a time; p50 and p99.
import path from 'node:path';
import { messageEvent } from '../test/fakes/feishu-server.js';
import { healthyHome, median, pct, show, sleeperGateway, type BenchOptions, type Row } from './lib/common.js';
import { FS_APP, FS_OP, QQ_OP, startChatRig } from './lib/chat.js';

async function until(fn: () => boolean, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!fn()) {
    if (performance.now() > deadline) return false;
    await new Promise((r) => setImmediate(r));
  }
  return true;
}

export default async function bench(o: BenchOptions): Promise<Row[]> {
  const n = o.n(1000, 200);
  const gw = sleeperGateway();
  const home = healthyHome(path.join(o.tmp, 'rt', 'hermes'), gw.pid!);
  const rig = await startChatRig(o.tmp, [
    { name: 'rt', hermes_home: home, platforms: ['feishu', 'qqbot'], service: { manager: 'none' } },
  ]);
  try {
    await rig.app.core.evaluate('rt');
    const qqT: number[] = [];
    let qqLost = 0;
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      const id = rig.qq.pushC2C(QQ_OP, '/status');
      if (await until(() => rig.qq.sent.some((s) => s.body.msg_id === id && s.ok), 5_000))
        qqT.push(performance.now() - t);
      else qqLost++;
      if (rig.qq.sent.length > 500) rig.qq.sent.splice(0, 400);
    }
    const fsT: number[] = [];
    let fsLost = 0;
    for (let i = 0; i < n; i++) {
      const before = rig.feishu.state.messages.length;
      const t = performance.now();
      rig.feishu.pushEvent(messageEvent({ appId: FS_APP, text: '/status', openId: FS_OP }));
      if (await until(() => rig.feishu.state.messages.length > before, 5_000)) fsT.push(performance.now() - t);
      else fsLost++;
    }
    const row = (name: string, t: number[], lost: number): Row =>
      show({
        bench: 'round-trip',
        metric: `${name} /status round trip (n=${n}${lost ? `, ${lost} unanswered in 5 s` : ''})`,
        value: median(t),
        p99: pct(t, 99),
        unit: 'ms',
        goal: lost ? 'every command answered' : undefined,
        ok: lost ? false : undefined,
      });
    return [row('QQ', qqT, qqLost), row('Feishu', fsT, fsLost)];
  } finally {
    await rig.close();
    gw.kill('SIGKILL');
  }
}
