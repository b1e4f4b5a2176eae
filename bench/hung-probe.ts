// 8. Responsiveness under a hung probe: the service manager's `is_active` command (answering until then) hangs for 60 s. While it hangs:
// event-loop lag p99 < 20 ms, /status (through the fake QQ server) answered in < 500 ms, QQ heartbeats and Feishu
// pings on time; the probe is killed at its timeout (10 s) and the evaluation goes on.
// The daemon asks the service manager afresh only when its last answer is SERVICE_FRESH_MS old, the process changed or
// it failed (issue 21): the hang is provoked as the schedule meets it, by a full evaluation after that window.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { healthyHome, median, pct, show, sleep, sleeperGateway, type BenchOptions, type Row } from './lib/common.js';
import { QQ_OP, startChatRig } from './lib/chat.js';
import { SERVICE_FRESH_MS } from '../src/watch/target.js';

const HB_MS = 1_000;
const PROBE_TIMEOUT_MS = 10_000; // hostOf() default for probe commands

function sleepers(marker: string): number {
  try {
    return execFileSync('pgrep', ['-f', `sleep ${marker}`], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean).length;
  } catch {
    return 0;
  }
}

export default async function bench(o: BenchOptions): Promise<Row[]> {
  const home = path.join(o.tmp, 'hung', 'hermes');
  const gw = sleeperGateway(home);
  healthyHome(home, gw.pid!);
  // 60.0123: a duration no other process on the machine sleeps, so pgrep finds only ours.
  const marker = '60.0123';
  // The service manager answers until the flag exists, then hangs: a daemon that has judged the gateway before.
  const flag = path.join(o.tmp, 'hung', 'hang-now');
  const isActive = ['sh', '-c', `[ -e "$0" ] || exit 0; exec sleep ${marker}`, flag];
  const rig = await startChatRig(
    o.tmp,
    [
      {
        name: 'hung',
        hermes_home: home,
        platforms: ['feishu', 'qqbot'],
        service: { manager: 'command', is_active: isActive, restart: ['true'] },
      },
    ],
    { qqHeartbeatMs: HB_MS },
  );
  try {
    while (!rig.app.core.lastResult('hung') || rig.app.core.evaluatingSince('hung') !== undefined) await sleep(50);
    writeFileSync(flag, '');
    // Sooner, the evaluation would reuse the running answer its predecessor got and never run is_active.
    await sleep(SERVICE_FRESH_MS + 500);
    const pingsBefore = rig.feishu.state.pings;
    const conn = rig.qq.active()!;
    const hbFrom = conn.heartbeats.length;
    const h = monitorEventLoopDelay({ resolution: 1 });
    h.enable();
    const t0 = performance.now();
    let evalMs = NaN;
    const evaluation = rig.app.core.evaluate('hung', { act: false }).then((r) => {
      evalMs = performance.now() - t0;
      return r;
    });
    // The probe's process may take a moment to appear on a loaded machine: look until it does (or 5 s).
    let hungSeen = 0;
    while (!(hungSeen = sleepers(marker)) && performance.now() - t0 < 5_000) await sleep(100);
    const statusMs: number[] = [];
    while (Number.isNaN(evalMs) && performance.now() - t0 < PROBE_TIMEOUT_MS + 10_000) {
      const t = performance.now();
      const id = rig.qq.pushC2C(QQ_OP, '/status');
      while (!rig.qq.sent.some((s) => s.body.msg_id === id && s.ok) && performance.now() - t < 5_000) await sleep(2);
      statusMs.push(performance.now() - t);
      await sleep(1_000);
    }
    const result = await evaluation;
    const windowS = (performance.now() - t0) / 1000;
    h.disable();
    await sleep(200);
    const left = sleepers(marker);
    const beats = conn.heartbeats.slice(hbFrom).map((b) => b.at);
    const gaps = beats.slice(1).map((t, i) => t - beats[i]!);
    const maxGap = gaps.length ? Math.max(...gaps) : NaN;
    const pings = rig.feishu.state.pings - pingsBefore;
    const lagP99 = h.percentile(99) / 1e6;
    const err = result.evidence.service?.error ?? '';
    return [
      show({
        bench: 'hung-probe',
        metric: `event-loop lag while is_active hangs (${windowS.toFixed(0)} s)`,
        value: h.percentile(50) / 1e6,
        p99: lagP99,
        unit: 'ms',
        goal: 'p99 < 20 ms',
        ok: lagP99 < 20,
        note: `max ${(h.max / 1e6).toFixed(0)} ms`,
      }),
      show({
        bench: 'hung-probe',
        metric: `/status via QQ during the hang (n=${statusMs.length})`,
        value: median(statusMs),
        p99: pct(statusMs, 99),
        unit: 'ms',
        goal: '< 500 ms',
        ok: statusMs.length > 0 && Math.max(...statusMs) < 500,
      }),
      show({
        bench: 'hung-probe',
        metric: `QQ heartbeat: largest gap (interval ${HB_MS} ms)`,
        value: maxGap,
        unit: 'ms',
        goal: `≤ ${HB_MS * 1.5} ms`,
        ok: maxGap <= HB_MS * 1.5,
        note: `${beats.length} heartbeats`,
      }),
      show({
        bench: 'hung-probe',
        metric: 'Feishu pings during the hang (interval 1 s)',
        value: pings,
        unit: '',
        goal: `≥ ${Math.floor(windowS * 0.8)}`,
        ok: pings >= Math.floor(windowS * 0.8),
      }),
      show({
        bench: 'hung-probe',
        metric: 'hung probe ended after',
        value: evalMs,
        unit: 'ms',
        goal: `killed at its ${PROBE_TIMEOUT_MS / 1000} s timeout`,
        ok: hungSeen > 0 && left === 0 && /timed out/.test(err) && evalMs < PROBE_TIMEOUT_MS + 3_000,
        note: `seen hanging: ${hungSeen}, left after: ${left}, service: ${err || 'no error'}`,
      }),
    ];
  } finally {
    await rig.close();
    gw.kill('SIGKILL');
  }
}
