// A log of runaway size seen by one look (issue 50 item 6b; hermes-gateway-current.md §10.2: a plugin's log at 63 GiB
// in about four days, §10.4: runaway logs at 16 GiB a day): a real Hermes home's logs/, its files grown sparse with
// truncate (only their size and first line are read), sampled once as `gatewatch check` samples them. Its size against
// the time on its first line is its rate, with the disk's time left at that rate; an old rotated big log not written now
// and a big log that is only old say nothing.
import { mkdirSync, mkdtempSync, rmSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runDetectors } from '../../src/detectors/index.js';
import { wordEvidence, wordFinding } from '../../src/i18n.js';
import { formatAsctime } from '../../src/demo/hermes-log.js';
import { createLogFilesSampler } from '../../src/watch/log-files.js';
import { buildEvidence, SETTINGS } from '../helpers/evidence.js';

const GiB = 1024 ** 3;
const homes: string[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});

/** `logs/<name>` of a fresh home: its first line, then grown to `bytes` (sparse), last written `writtenAgoS` ago. */
function logFile(name: string, firstLine: string, bytes: number, writtenAgoS = 2) {
  const h = mkdtempSync(path.join(os.tmpdir(), 'gw-runaway-'));
  homes.push(h);
  mkdirSync(path.join(h, 'logs'));
  writeFileSync(path.join(h, 'logs', 'gateway.log'), `${formatAsctime(Date.now() - 60_000)} INFO gateway.run: ok\n`);
  const file = path.join(h, 'logs', name);
  writeFileSync(file, `${firstLine}\n`);
  truncateSync(file, bytes);
  const at = new Date(Date.now() - writtenAgoS * 1000);
  utimesSync(file, at, at);
  return h;
}

/** One look: the sampler's first sample (no earlier one), a disk of 40 GiB with 20 GiB free, judged now. */
async function look(home: string) {
  const now = Date.now();
  const logFiles = await createLogFilesSampler().sample(home, now);
  const ev = buildEvidence({
    log: 'healthy.log',
    overrides: {
      now,
      log: { file: path.join(home, 'logs', 'gateway.log'), run: [], previous: [], runStartSeen: false },
      logFiles,
      disk: { path: home, totalBytes: 40 * GiB, reservedBytes: 0, samples: [{ at: now, freeBytes: 20 * GiB }] },
    },
  });
  return runDetectors(ev, SETTINGS).filter((f) => f.check === 'log_flood');
}

const hoursAgo = (h: number) => Date.now() - h * 3_600_000;

describe('log_flood: a runaway log seen by one look', () => {
  for (const [wording, first] of [
    [
      "Hermes' own format (a plugin's records through its handlers)",
      `${formatAsctime(hoursAgo(4))} INFO hermes_plugins.memory_plugin: stored 1 memory`,
    ],
    [
      "the Lark SDK's own stdout format in gateway.stdout.log (§2.2)",
      `[Lark] [${formatAsctime(hoursAgo(4))}] [INFO] connected to wss://msg-frontier.feishu.cn/ws/v2`,
    ],
  ] as const)
    it(`4 GiB in 4 h, written now: its rate and the disk's time left, in both locales: ${wording}`, async () => {
      const home = logFile('gateway.stdout.log', first, 4 * GiB);
      const [f] = await look(home);
      expect(f).toMatchObject({
        check: 'log_flood',
        cause: 'gateway.stdout.log',
        severity: 'warning',
        restart: 'wait',
      });
      expect(f!.text!.key).toBe('finding.log_flood.file.runaway');
      // 4096 MiB over 240 min: 17.1 MB/min; 20 GiB free, Hermes critical under 1 GiB (95 % used and under 1 GB free).
      expect(f!.title).toBe('A log under the Hermes home runs away: gateway.stdout.log is 4.0 GB, 17.1 MB/min');
      expect(f!.explanation).toMatch(
        /falls under Hermes' critical line \(1\.0 GB free\) in about 19 h and is full in about 20 h/,
      );
      expect(wordFinding('zh-CN', f!).title).toBe(
        'Hermes 目录下的一个日志失控增长：gateway.stdout.log 已有 4.0 GB，每分钟 17.1 MB',
      );
      expect(wordEvidence('en', f!).join('\n')).toMatch(
        /gateway\.stdout\.log: 4\.0 GB, its first line at .* = 17\.1 MB\/min on average/,
      );
    });

  it('an old rotated big log not written now, and a big log that is only old, say nothing', async () => {
    const first = `${formatAsctime(hoursAgo(30))} INFO gateway.run: Starting Hermes Gateway...`;
    expect(await look(logFile('gateway.stdout.log.1', first, 4 * GiB, 2 * 86_400))).toEqual([]);
    // 600 MB over 60 days: 0.007 MB/min, written now.
    const old = `${formatAsctime(hoursAgo(60 * 24))} INFO hermes_plugins.memory_plugin: stored 1 memory`;
    expect(await look(logFile('plugin.log', old, 600 * 1024 ** 2))).toEqual([]);
  });
});
