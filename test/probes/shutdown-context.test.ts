// Hermes' `Shutdown context:` line as it writes it (hermes-gateway.md "signals / shutdown"; the v0.20.2 fixture's
// line under systemd, and the parents the supervisors are), read for who ran the gateway it stopped.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { endedAtSignal, lastShutdownContext, parseShutdownContext } from '../../src/probes/shutdown-context.js';
import { tempDir } from '../helpers/probe-procs.js';

const REAL =
  "2026-11-25 17:10:28,621 WARNING gateway.run: Shutdown context: signal=SIGTERM under_systemd=yes parent_pid=1 parent_name=systemd loadavg_1m=6.01 parent_cmdline='/sbin/init'";

describe('the Shutdown context line', () => {
  it("the v0.20.2 fixture's, under systemd", () => {
    expect(parseShutdownContext(REAL)).toEqual({
      at: new Date(2026, 10, 25, 17, 10, 28, 621).getTime(),
      signal: 'SIGTERM',
      underSystemd: true,
      planned: false,
      parent: { pid: 1, name: 'systemd', cmdline: '/sbin/init' },
      line: REAL,
    });
  });

  it('each supervisor as the parent, a planned stop, and a command line Python quoted with double quotes', () => {
    const ctx = (tail: string) =>
      parseShutdownContext(`2026-11-28 12:00:00,000 WARNING gateway.run: Shutdown context: signal=SIGTERM ${tail}`);
    expect(
      ctx("under_systemd=no parent_pid=812 parent_name=runsv loadavg_1m=0.1 parent_cmdline='runsv hermes'")?.parent,
    ).toEqual({
      pid: 812,
      name: 'runsv',
      cmdline: 'runsv hermes',
    });
    expect(
      ctx(
        "under_systemd=no parent_pid=77 parent_name=PM2 v5.4.3: God loadavg_1m=0.1 parent_cmdline='PM2 v5.4.3: God Daemon (/home/ops/.pm2)'",
      )?.parent.cmdline,
    ).toBe('PM2 v5.4.3: God Daemon (/home/ops/.pm2)');
    expect(
      ctx(
        "under_systemd=no parent_pid=77 parent_name=PM2 v5.4.3: God loadavg_1m=0.1 parent_cmdline='PM2 v5.4.3: God Daemon (/home/ops/.pm2)'",
      )?.parent.name,
    ).toBe('PM2 v5.4.3: God');
    expect(
      ctx(
        'under_systemd=yes parent_pid=1 parent_name=systemd loadavg_1m=0.1 planned_stop_marker_present=yes parent_cmdline="/usr/lib/systemd/systemd --user \'x\'"',
      ),
    ).toMatchObject({ planned: true, parent: { cmdline: "/usr/lib/systemd/systemd --user 'x'" } });
    expect(parseShutdownContext('2026-11-28 12:00:00,000 INFO gateway.run: Stopping gateway...')).toBeUndefined();
  });

  it("the log's last one, and whether the gateway started again after it", async () => {
    const log = path.join(await tempDir('gw-ctx-'), 'gateway.log');
    await writeFile(log, `${REAL}\n2026-11-25 17:10:28,700 INFO gateway.run: Gateway stopped (total teardown 0.06s)\n`);
    expect(await lastShutdownContext(log)).toMatchObject({ latest: true, parent: { name: 'systemd' } });
    await writeFile(log, `${REAL}\n2026-11-25 17:11:00,000 INFO gateway.run: Starting Hermes Gateway...\n`, {
      flag: 'a',
    });
    expect(await lastShutdownContext(log)).toMatchObject({ latest: false });
    expect(await lastShutdownContext(path.join(path.dirname(log), 'none.log'))).toBeUndefined();
  });

  it('a life that ended at a signal: its own words, not an older life’s, on the log’s clock whatever its zone', async () => {
    const log = path.join(await tempDir('gw-ctx-'), 'gateway.log');
    // The v0.20.2 fixture's SIGTERM by hand and its teardown, stamped in another zone than this host's.
    await writeFile(
      log,
      [
        '2026-11-25 17:10:25,360 INFO gateway.run: Gateway housekeeping started (interval=60s)',
        '2026-11-25 17:10:28,621 INFO gateway.run: Received SIGTERM — initiating shutdown',
        REAL,
        '2026-11-25 17:10:28,826 INFO gateway.run: Shutdown phase: SessionDB close done at +0.20s',
        '2026-11-25 17:10:28,830 INFO gateway.run: Exiting with code 1 (signal-initiated shutdown without restart request) so systemd Restart=on-failure can revive the gateway.',
        '',
      ].join('\n'),
    );
    const written = Date.now();
    expect(await endedAtSignal(log, written - 5_000)).toMatchObject({ signal: 'SIGTERM', latest: true });
    // A life that started after the log was last written left no words of its own.
    expect(await endedAtSignal(log, written + 60_000)).toBeUndefined();
    // The next life wrote its start: a death of it is not the earlier stop.
    await writeFile(log, '2026-11-25 17:12:00,000 INFO gateway.run: Starting Hermes Gateway...\n', { flag: 'a' });
    expect(await endedAtSignal(log, written - 5_000)).toBeUndefined();
    // A life that wrote lines long after the context and died before its start line: not that stop's end either.
    await writeFile(
      log,
      `${REAL}\n2026-11-25 17:14:00,000 WARNING gateway.lifecycle_ledger: Previous gateway life (pid=41, started_at=2026-11-25T17:09:41) exited UNCLEANLY (no exit path ran — SIGKILL / OOM / VM death). last_heartbeat_at=2026-11-25T17:10:25 last_mem=None suspected_oom=False\n`,
    );
    expect(await endedAtSignal(log, written - 5_000)).toBeUndefined();
  });
});
