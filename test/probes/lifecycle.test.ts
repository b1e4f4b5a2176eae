// The files current Hermes leaves about its lives (hermes-gateway-current.md §8), in their exact shapes: the sentinel,
// the heartbeat, the exit diagnostics, the planned-stop marker and the updater's log. Real files in a temp home.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeLifecycle } from '../../src/probes/lifecycle.js';

function home(): string {
  const h = mkdtempSync(path.join(os.tmpdir(), 'gw-lifecycle-'));
  mkdirSync(path.join(h, 'state'));
  mkdirSync(path.join(h, 'logs'));
  return h;
}

/** The sentinel of a life that follows an unclean death: only then is the exit-diagnostics log read. */
function afterUncleanDeath(h: string): void {
  writeFileSync(
    path.join(h, 'state', 'gateway.lifecycle.json'),
    '{"phase":"running","pid":4242,"started_at":"2026-11-23T03:12:25+00:00","prior_unclean_exit":true}',
  );
}

describe('the lifecycle files of current Hermes', () => {
  it('a home that never ran a gateway has none of them, and that is no error', async () => {
    expect(await probeLifecycle(home())).toEqual({});
  });

  it('reads a sentinel claimed at boot after an unclean death, with the prior_* keys', async () => {
    const h = home();
    writeFileSync(
      path.join(h, 'state', 'gateway.lifecycle.json'),
      '{"phase":"running","pid":4242,"start_time":1795412345.25,"started_at":"2026-11-23T03:12:25.250000+00:00","create_time":1795412344.9,"prior_unclean_exit":true,"prior_suspected_oom":true}',
    );
    const ev = await probeLifecycle(h);
    expect(ev.sentinel).toMatchObject({
      phase: 'running',
      pid: 4242,
      priorUncleanExit: true,
      priorSuspectedOom: true,
      createTime: 1795412344.9,
    });
    expect(ev.sentinel!.startedAt).toBe(Date.parse('2026-11-23T03:12:25.250Z'));
  });

  it('reads an exit by the loop-liveness watchdog', async () => {
    const h = home();
    writeFileSync(
      path.join(h, 'state', 'gateway.lifecycle.json'),
      '{"phase":"exited","pid":4242,"exit_code":75,"exit_reason":"loop_liveness_watchdog","exited_at":"2026-11-23T03:40:00+00:00","start_time":1795412345.25,"create_time":1795412344.9}',
    );
    const ev = await probeLifecycle(h);
    expect(ev.sentinel).toMatchObject({
      phase: 'exited',
      exitCode: 75,
      exitReason: 'loop_liveness_watchdog',
      priorUncleanExit: false,
    });
    expect(ev.sentinel!.exitedAt).toBe(Date.parse('2026-11-23T03:40:00Z'));
    expect(ev.sentinel!.startedAt).toBe(1795412345250);
  });

  it('reads the heartbeat with its memory figures (KiB), the pid it was written by included', async () => {
    const h = home();
    writeFileSync(
      path.join(h, 'state', 'gateway.heartbeat'),
      '{"pid":4242,"updated_at":"2026-11-23T03:39:30+00:00","monotonic":81234.5,"start_time":1795412345.25,"mem":{"rss_kib":912000,"mem_total_kib":2000000,"mem_available_kib":50000,"swap_used_kib":0},"loop_tick_socket":true,"loop_tick_tcp_port":null}',
    );
    expect((await probeLifecycle(h)).heartbeat).toEqual({
      pid: 4242,
      updatedAt: Date.parse('2026-11-23T03:39:30Z'),
      startTime: 1795412345.25,
      mem: { rssKib: 912000, totalKib: 2000000, availableKib: 50000, swapUsedKib: 0 },
    });
  });

  it('takes the newest unclean-exit record of the exit-diagnostics log, skipping the CLI records and garbage', async () => {
    const h = home();
    afterUncleanDeath(h);
    const file = path.join(h, 'logs', 'gateway-exit-diag.log');
    appendFileSync(
      file,
      '{"ts":"2026-10-01T08:00:00+00:00","tag":"gateway.previous_unclean_exit","pid":100,"prior_pid":99,"state_db_integrity":"ok"}\n',
    );
    appendFileSync(file, '{"ts":"2026-11-20T08:00:00+00:00","tag":"asyncio.run.exception","pid":7}\nnot json\n');
    appendFileSync(
      file,
      '{"ts":"2026-11-23T03:12:26+00:00","tag":"gateway.previous_unclean_exit","pid":4242,"prior_pid":4100,"prior_started_at":"2026-11-22T21:00:00+00:00","prior_start_time":1795390000.0,"last_heartbeat_at":"2026-11-23T03:10:58+00:00","last_heartbeat_mem":{"rss_kib":1800000,"mem_total_kib":2000000,"mem_available_kib":40000,"swap_used_kib":900000},"suspected_oom":true,"state_db_integrity":"*** in database main ***\\nPage 12: btreeInitPage() returns error code 11"}\n',
    );
    const rec = (await probeLifecycle(h)).lastUncleanExit!;
    expect(rec).toMatchObject({
      pid: 4242,
      priorPid: 4100,
      suspectedOom: true,
      lastHeartbeatAt: '2026-11-23T03:10:58+00:00',
    });
    expect(rec.stateDbIntegrity).toContain('*** in database main ***');
    expect(rec.lastMem).toEqual({ rssKib: 1800000, totalKib: 2000000, availableKib: 40000, swapUsedKib: 900000 });
  });

  it('reads only the end of a huge exit-diagnostics log', async () => {
    const h = home();
    afterUncleanDeath(h);
    const file = path.join(h, 'logs', 'gateway-exit-diag.log');
    writeFileSync(file, `${'{"ts":"2026-01-01T00:00:00+00:00","tag":"asyncio.run.exception"}\n'.repeat(200_000)}`);
    appendFileSync(
      file,
      '{"ts":"2026-11-23T03:12:26+00:00","tag":"gateway.previous_unclean_exit","pid":4242,"prior_pid":4100,"state_db_integrity":"ok"}\n',
    );
    expect((await probeLifecycle(h)).lastUncleanExit).toMatchObject({
      priorPid: 4100,
      suspectedOom: false,
      stateDbIntegrity: 'ok',
    });
  });

  it('reads the append-only logs only when they can matter: the exit diagnostics after an unclean death, update.log while the gateway is down', async () => {
    const h = home();
    appendFileSync(
      path.join(h, 'logs', 'gateway-exit-diag.log'),
      '{"ts":"2026-11-23T03:12:26+00:00","tag":"gateway.previous_unclean_exit","pid":4242,"prior_pid":4100}\n',
    );
    writeFileSync(
      path.join(h, 'logs', 'update.log'),
      '=== hermes update started 2026-11-23T04:00:00 ===\n✓ Update complete!\n',
    );
    const up = await probeLifecycle(h, { gatewayDown: false });
    expect(up.lastUncleanExit).toBeUndefined();
    expect(up.lastUpdate).toBeUndefined();
    afterUncleanDeath(h);
    const down = await probeLifecycle(h, { gatewayDown: true });
    expect(down.lastUncleanExit).toMatchObject({ priorPid: 4100 });
    expect(down.lastUpdate).toMatchObject({ completed: true });
  });

  it("#75411: the update's snapshot left state.db out; update.log read while the gateway runs within a day of it", async () => {
    const h = home();
    const file = path.join(h, 'logs', 'update.log');
    writeFileSync(
      file,
      [
        '=== hermes update started 2026-11-23T04:00:00 ===',
        '  ⚠ Snapshot: skipping state.db (5.0 GB exceeds 1.0 GB limit)',
        '✓ Update complete!',
        '',
      ].join('\n'),
    );
    const wrote = Date.parse('2026-11-23T04:05:00Z');
    utimesSync(file, wrote / 1000, wrote / 1000);
    const up = await probeLifecycle(h, { gatewayDown: false, now: wrote + 3_600_000 });
    expect(up.lastUpdate?.stateDbSkipped).toEqual({
      size: '5.0 GB',
      limit: '1.0 GB',
      line: '⚠ Snapshot: skipping state.db (5.0 GB exceeds 1.0 GB limit)',
    });
    expect((await probeLifecycle(h, { gatewayDown: false, now: wrote + 25 * 3_600_000 })).lastUpdate).toBeUndefined();
  });

  it('reads the planned-stop marker', async () => {
    const h = home();
    writeFileSync(
      path.join(h, '.gateway-planned-stop.json'),
      '{"target_pid":4242,"target_start_time":"81234567","stopper_pid":5151,"written_at":"2026-11-23T03:50:00+00:00"}',
    );
    expect((await probeLifecycle(h)).plannedStop).toEqual({
      targetPid: 4242,
      stopperPid: 5151,
      writtenAt: Date.parse('2026-11-23T03:50:00Z'),
    });
  });

  it('reads the last run of hermes update: finished, and the manual gateways it stopped', async () => {
    const h = home();
    writeFileSync(
      path.join(h, 'logs', 'update.log'),
      [
        '=== hermes update started 2026-11-01T10:00:00 ===',
        '✓ Update complete!',
        '=== hermes update started 2026-11-23T04:00:00 ===',
        '  ⚠ work: could not arm an automatic gateway restart for PID 4242 — stopping it instead so it cannot keep running pre-update code',
        '  → Stopped 1 manual gateway process(es)',
        '    Restart manually: hermes gateway run',
        '✓ Update complete!',
        '',
      ].join('\n'),
    );
    const run = (await probeLifecycle(h)).lastUpdate!;
    expect(run).toMatchObject({ completed: true, stoppedPids: [4242], stoppedManual: 1 });
    expect(run.startedAt).toBe(new Date(2026, 10, 23, 4, 0, 0).getTime());
    expect(run.lines).toHaveLength(3);
  });

  it('an update still running has not completed', async () => {
    const h = home();
    writeFileSync(
      path.join(h, 'logs', 'update.log'),
      '=== hermes update started 2026-11-23T04:00:00 ===\n→ Fetching updates...\n',
    );
    expect((await probeLifecycle(h)).lastUpdate).toMatchObject({ completed: false, stoppedPids: [], stoppedManual: 0 });
  });

  it('a garbage sentinel is an error that names the file; a FIFO in its place does not block', async () => {
    const h = home();
    writeFileSync(path.join(h, 'state', 'gateway.lifecycle.json'), 'garbage');
    expect((await probeLifecycle(h)).errors).toEqual(['gateway.lifecycle.json: not the JSON Hermes writes']);
    const h2 = home();
    execFileSync('mkfifo', [path.join(h2, 'state', 'gateway.heartbeat')]);
    execFileSync('mkfifo', [path.join(h2, 'logs', 'update.log')]);
    const ev = await probeLifecycle(h2);
    expect(ev.errors?.[0]).toMatch(/cannot read gateway.heartbeat \(ENOTREG\)/);
    expect(ev.lastUpdate).toBeUndefined();
  });
});
