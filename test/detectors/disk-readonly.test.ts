// A filesystem Hermes writes to, mounted read-only under a live gateway (issue 60): a NAS or an overlay the kernel
// remounted read-only after an I/O error. The gateway chats on and saves nothing; a restart does nothing, the mount
// must be fixed. The host says so at any look (the mount's flags); Hermes says so in its words when it tries: CPython's
// `[Errno 30] Read-only file system` (Objects/exceptions.c `OSError_str` with glibc's strerror for EROFS) in a failed
// turn's traceback, SQLite's `attempt to write a readonly database` (src/main.c `sqlite3ErrStr`, SQLITE_READONLY).
import { describe, expect, it } from 'vitest';
import type { DiskTrend, WritePlace } from '../../src/evidence.js';
import type { Finding } from '../../src/types.js';
import { runDetectors } from '../../src/detectors/index.js';
import { targetRestart } from '../../src/detectors/restart-advice.js';
import { wordFinding } from '../../src/i18n.js';
import { buildEvidence, localTime, SETTINGS } from '../helpers/evidence.js';
import { diskFindings, placesOn as on } from '../helpers/disk-evidence.js';

const GiB = 1024 ** 3;
const HOME = '/srv/hermes';
const NOW = '2026-09-21 09:40:00';

const START = [
  '2026-09-21 07:00:00,100 INFO gateway.run: Starting Hermes Gateway...',
  '2026-09-21 07:00:01,100 INFO gateway.run: Connecting to telegram...',
  '2026-09-21 07:00:02,100 INFO gateway.run: ✓ telegram connected',
  '2026-09-21 07:00:02,200 INFO gateway.run: Gateway running with 1 platform(s)',
];

/**
 * A turn that failed at `at` (local, to the second) as the runner logs one, its traceback ending in `error`, and the
 * error reply sent (real v0.17 shape, shared/fixtures/hermes/real-v0.17-error-reply.log).
 */
const failedTurn = (at: string, error: string) => [
  `${at},200 INFO gateway.run: inbound message: platform=telegram user=42 chat=42 msg='status?' reply_to_id=None reply_to_text=''`,
  `${at},900 ERROR gateway.run: Agent error in session agent:main:telegram:dm:42`,
  'Traceback (most recent call last):',
  `  File "${HOME}/hermes-agent/gateway/run.py", line 9406, in _handle_message_with_agent`,
  '    agent_result = await self._run_agent(',
  error,
  `${at},950 INFO gateway.platforms.base: [Telegram] Sending response (75 chars) to 42`,
];
const EROFS = `OSError: [Errno 30] Read-only file system: '${HOME}/sessions/sessions.json'`;
const log = (...turns: string[][]) => `${[...START, ...turns.flat()].join('\n')}\n`;
const QUIET = log();

/** Every place on the home's own mount (a NAS at the home), read-only or not; `over` per place. */
const placesOn = (readOnly: boolean | undefined, over: Record<string, Partial<WritePlace>> = {}): WritePlace[] =>
  on(
    { mount: HOME, fsType: 'nfs4', source: 'nas:/export/hermes' },
    {
      ...(readOnly !== undefined ? { readOnly } : {}),
      inodes: { total: 1_000_000, free: 900_000 },
      freeBytes: 40 * GiB,
    },
    over,
  );

/** The disk as a look read it at `at`: plenty of space, and the places as given. */
const disk = (places: WritePlace[], at = NOW): DiskTrend => ({
  path: HOME,
  totalBytes: 100 * GiB,
  reservedBytes: 0,
  samples: [{ at: localTime(at), freeBytes: 40 * GiB }],
  places,
});

/** No mount table to ask (not Linux): the home's own statfs only. */
const NO_MOUNTS: WritePlace[] = [{ name: '.', inodes: { total: 1_000_000, free: 900_000 }, freeBytes: 40 * GiB }];

const found = (text: string, o: { disk?: DiskTrend; agent?: string; now?: string } = {}): Finding[] =>
  diskFindings(text, o.now ?? NOW, { ...o, connectedAt: '2026-09-21 07:00:02' });

describe('disk_readonly (issue 60)', () => {
  it('the home itself on a read-only mount, no log saying so (a cold look): which mount, and a restart does nothing', () => {
    const f = found(QUIET, { disk: disk(placesOn(true)) });
    expect(f.map((x) => x.check)).toEqual(['disk_readonly']);
    expect(f[0]!.severity).toBe('critical');
    expect(f[0]!.restart).toBe('never');
    expect(f[0]!.title).toBe(`Hermes cannot write to ${HOME}: its filesystem is read-only`);
    expect(f[0]!.explanation).toContain(`The host mounts ${HOME} (nfs4, from nas:/export/hermes) read-only`);
    expect(f[0]!.explanation).toContain('A restart does nothing');
    expect(f[0]!.action).toContain(`mount -o remount,rw ${HOME}`);
    expect(f[0]!.evidence.join('\n')).toMatch(/mounted read-only \(mountinfo\)/);
    expect(targetRestart(f).holdAll.map((x) => x.check)).toEqual(['disk_readonly']);
    const zh = wordFinding('zh-CN', f[0]!);
    expect(zh.title).toContain('只读');
    expect(zh.action).toContain(`mount -o remount,rw ${HOME}`);
  });

  it('only sessions/ on a read-only mount of its own: that mount, not the home', () => {
    const sessions = `${HOME}/sessions`;
    const ro = { mount: sessions, fsType: 'ext4', source: '/dev/sdb1', readOnly: true };
    const [f, ...rest] = found(QUIET, { disk: disk(placesOn(false, { 'sessions/': ro })) });
    expect(rest).toEqual([]);
    expect(f!.check).toBe('disk_readonly');
    expect(f!.title).toBe(`Hermes cannot write to ${sessions}: its filesystem is read-only`);
    expect(f!.action).toContain(`mount -o remount,rw ${sessions}`);
    expect(f!.action).not.toMatch(/remount,rw \/srv\/hermes(?!\/sessions)/);
  });

  it("only state.db's mount read-only (the file bind-mounted read-only): state.db named", () => {
    const db = `${HOME}/state.db`;
    const ro = { mount: db, fsType: 'ext4', source: '/dev/sdb1', readOnly: true };
    const [f] = found(QUIET, { disk: disk(placesOn(false, { 'state.db': ro })) });
    expect(f!.title).toBe(`Hermes cannot write to ${db}: its filesystem is read-only`);
  });

  it("said in two wordings where no mount table can be read: Python's [Errno 30], SQLite's readonly database", () => {
    const py = found(log(failedTurn('2026-09-21 09:31:00', EROFS), failedTurn('2026-09-21 09:38:10', EROFS)), {
      disk: disk(NO_MOUNTS),
    });
    expect(py.map((x) => x.check)).toEqual(['disk_readonly']);
    expect(py[0]!.text?.key).toBe('finding.disk_readonly.lines');
    expect(py[0]!.restart).toBe('never');
    expect(py[0]!.title).toBe('Hermes cannot write: "[Errno 30] Read-only file system"');
    expect(py[0]!.explanation).toContain('2 times since 8m 59s ago');
    const agent =
      '2026-09-21 09:36:00,000 ERROR hermes_state: state.db routing save failed: attempt to write a readonly database\n';
    const sql = found(QUIET, { agent });
    expect(sql.map((x) => x.check)).toEqual(['disk_readonly']);
    expect(sql[0]!.title).toBe('Hermes cannot write: "attempt to write a readonly database"');
  });

  it('the lines beside a reading that finds the mount read-only: the mount named, the lines its evidence', () => {
    const f = found(log(failedTurn('2026-09-21 09:38:10', EROFS)), { disk: disk(placesOn(true)) });
    expect(f.map((x) => x.check)).toEqual(['disk_readonly']);
    expect(f[0]!.text?.key).toBe('finding.disk_readonly');
    expect(f[0]!.explanation).toContain('"[Errno 30] Read-only file system" 1 time');
    expect(f[0]!.evidence.join('\n')).toContain('Agent error in session');
  });

  it('look-alikes: a read-only mount fixed two hours ago; fixed since the last line; the words in a chat message', () => {
    const twoHoursAgo = log(failedTurn('2026-09-21 07:35:00', EROFS), failedTurn('2026-09-21 07:38:00', EROFS));
    expect(found(twoHoursAgo, { disk: disk(placesOn(false)) })).toEqual([]);
    expect(found(twoHoursAgo)).toEqual([]);
    const fresh = log(failedTurn('2026-09-21 09:38:10', EROFS));
    expect(found(fresh, { disk: disk(placesOn(false)) })).toEqual([]);
    const quoted = log([
      `2026-09-21 09:39:00,500 INFO gateway.run: inbound message: platform=telegram user=42 chat=42 msg='what is [Errno 30] Read-only file system?' reply_to_id=None reply_to_text=''`,
    ]);
    expect(found(quoted, { disk: disk(NO_MOUNTS) })).toEqual([]);
  });

  it('a gateway that is not running: nothing to say of its writes', () => {
    const ev = buildEvidence({ text: QUIET, alive: false, now: NOW, overrides: { disk: disk(placesOn(true)) } });
    expect(runDetectors(ev, SETTINGS).map((x) => x.check)).not.toContain('disk_readonly');
  });
});
