// A log of runaway size seen by one look (issue 50 item 6b; hermes-gateway-current.md §10.2: a plugin's log at 63 GiB
// in about four days, §10.4: runaway logs at 16 GiB a day): a real Hermes home's logs/, its files grown sparse with
// truncate (only their size and first line are read), sampled once as `gatewatch check` samples them. Its size against
// the time on its first line is its rate, with the disk's time left at that rate; an old rotated big log not written now
// and a big log that is only old say nothing.
import { mkdirSync, mkdtempSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runDetectors } from '../../src/detectors/index.js';
import { wordEvidence, wordFinding } from '../../src/i18n.js';
import { formatAsctime } from '../../src/demo/hermes-log.js';
import { createLogFilesSampler } from '../../src/watch/log-files.js';
import { buildEvidence, SETTINGS } from '../helpers/evidence.js';
import { cleanup } from '../helpers/probe-procs.js';
import { liveGateway, MCP_LIST_LINE, mcpServer, rotatingLog, steadily } from '../helpers/trend-homes.js';

const GiB = 1024 ** 3;
const homes: string[] = [];
afterEach(async () => {
  await cleanup();
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});

/** A fresh home with a small gateway.log. */
function freshHome(): string {
  const h = mkdtempSync(path.join(os.tmpdir(), 'gw-runaway-'));
  homes.push(h);
  mkdirSync(path.join(h, 'logs'));
  writeFileSync(path.join(h, 'logs', 'gateway.log'), `${formatAsctime(Date.now() - 60_000)} INFO gateway.run: ok\n`);
  return h;
}

/** `logs/<name>` of a fresh home: its first line, then grown to `bytes` (sparse), last written `writtenAgoS` ago. */
function logFile(name: string, firstLine: string, bytes: number, writtenAgoS = 2) {
  const h = freshHome();
  const file = path.join(h, 'logs', name);
  writeFileSync(file, `${firstLine}\n`);
  truncateSync(file, bytes);
  const at = new Date(Date.now() - writtenAgoS * 1000);
  utimesSync(file, at, at);
  return h;
}

/** One look at `now`: the sampler's first sample (no earlier one), a disk of 40 GiB with 20 GiB free. */
async function lookAt(home: string, now: number) {
  // Time enough to walk every process for a writer outside the gateway's family: which writer it names must not
  // depend on how busy the box is (a loaded suite run missed the MCP server below at the daemon's 2 s).
  const logFiles = await createLogFilesSampler({ writersTimeoutMs: 60_000 }).sample(home, now);
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

/** One look now. */
const look = (home: string) => lookAt(home, Date.now());

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

// ---------- issue 60 item 5: judged by its own size and pace, whatever the disk has left ----------

const MiB = 1024 * 1024;
const HOUR = 3_600_000;
/** A DingTalk reconnect storm's line (hermes-gateway-current.md §6), as a gateway.* logger writes it to both logs. */
const storm = (stamp: string) =>
  `${stamp} WARNING hermes_plugins.dingtalk_platform.adapter: [Dingtalk] Stream client error: ConnectionClosedError(1011, 'keepalive ping timeout')`;

describe('log_flood: a log written at hundreds of MB an hour is a fault in itself (issue 60 item 5)', () => {
  it("an MCP server's stderr (logs/mcp-stderr.log, no time on its lines): 4.2 GiB since it was created 9.5 h ago, its writer, its pace, the disk", async (t) => {
    const home = freshHome();
    const file = path.join(home, 'logs', 'mcp-stderr.log');
    writeFileSync(file, '');
    truncateSync(file, Math.round(4.2 * GiB) - 200 * (MCP_LIST_LINE.length + 1));
    const pid = await mcpServer(home, file, 200);
    const born = statSync(file).birthtimeMs;
    if (!(born > 0)) return t.skip();
    // Its lines carry no time: the file's own birth is its start. Judged 9.5 h after it, written just now.
    const now = born + 9.5 * HOUR;
    utimesSync(file, new Date(now - 2000), new Date(now - 2000));
    const [f, ...more] = await lookAt(home, now);
    expect(more).toEqual([]);
    expect(f).toMatchObject({ check: 'log_flood', cause: 'mcp-stderr.log', severity: 'warning', restart: 'wait' });
    expect(f!.text!.key).toBe('finding.log_flood.file.runaway');
    expect(f!.title).toBe('A log under the Hermes home runs away: mcp-stderr.log is 4.2 GB, 7.5 MB/min');
    // 4.2 GiB over 570 min: 7.5 MiB a minute, 453 an hour; 77 bytes a line: about 1,700 lines a second.
    expect(f!.explanation).toMatch(
      /holds 4\.2 GB written over (9|10) h since the file was created \(its lines carry no time\), 7\.5 MB a minute on average \(453 MB an hour, about 1,700 lines a second\)/,
    );
    expect(f!.explanation).toMatch(
      new RegExp(`It is written by pid ${pid} \\(\\S*node \\S*mcp-server-fetch\\.js\\)\\. `),
    );
    expect(f!.explanation).toContain('critical line (1.0 GB free) in about 43 h and is full in about 45 h');
    expect(f!.explanation).toContain('Writing this much is a fault in itself, whatever the disk has left');
    expect(wordEvidence('en', f!).join('\n')).toMatch(
      new RegExp(`mcp-stderr\\.log is open for writing by pid ${pid}: .*mcp-server-fetch\\.js`),
    );
    const zh = wordFinding('zh-CN', f!);
    expect(zh.explanation).toMatch(
      /自文件创建起（它的行不带时间）的 (9|10) 小时内写入了 4\.2 GB，平均每分钟 7\.5 MB（每小时 453 MB，约每秒 1,700 行）/,
    );
    expect(zh.explanation).toContain(`写入它的是 pid ${pid}`);
  });

  for (const [name, mbPerHour, rotates] of [
    ['agent.log', 300, '1 min'],
    ['gateway.log', 450, '40 s'],
  ] as const)
    it(`${name} at ${mbPerHour} MB an hour, which Hermes rotates at 5 MB: its pace across its copies, its writer (the gateway)`, async () => {
      const home = freshHome();
      const file = path.join(home, 'logs', name);
      await rotatingLog(home, name, {
        each: 5 * MiB,
        copies: 3,
        current: 3 * MiB,
        line: storm,
        at: steadily(mbPerHour),
      });
      const pid = await liveGateway(home, 'dingtalk', 0, file);
      const [f, ...more] = await lookAt(home, Date.now());
      expect(more).toEqual([]);
      expect(f).toMatchObject({ check: 'log_flood', cause: name, restart: 'wait' });
      expect(f!.text!.key).toBe('finding.log_flood.file.pace.rotated');
      const rate = ((mbPerHour * 1e6) / MiB / 60).toFixed(1);
      expect(f!.title).toBe(
        `A log under the Hermes home grows ${rate} MB/min: ${name}, rotated about every ${rotates}`,
      );
      expect(f!.explanation).toMatch(
        new RegExp(
          `^${file.replaceAll('.', '\\.')} and its rotated copies were written at ${rate.replace('.', '\\.')} MB a minute \\(\\d+ MB an hour, about \\d+ lines a second\\) over their last [34] min`,
        ),
      );
      expect(f!.explanation).toContain(`It is written by pid ${pid} (`);
      expect(f!.explanation).toContain('so its 4 files stay at about 18 MB and do not fill the disk by themselves');
      expect(wordFinding('zh-CN', f!).title).toBe(
        `Hermes 目录下的一个日志每分钟增长 ${rate} MB：${name}，约每 ${rotates.replace('min', '分钟').replace('s', '秒')}轮转一次`,
      );
    });

  it('look-alikes: a big unstamped copy not written for two days, one big only because it is two months old, a 40-s burst', async (t) => {
    const old = freshHome();
    writeFileSync(path.join(old, 'logs', 'mcp-stderr.log'), `${MCP_LIST_LINE}\n`);
    const rotated = path.join(old, 'logs', 'mcp-stderr.log.1');
    writeFileSync(rotated, `${MCP_LIST_LINE}\n`);
    truncateSync(rotated, Math.round(4.2 * GiB));
    const twoDays = new Date(Date.now() - 2 * 86_400_000);
    utimesSync(rotated, twoDays, twoDays);
    expect(await lookAt(old, Date.now())).toEqual([]);

    const aged = freshHome();
    const file = path.join(aged, 'logs', 'mcp-stderr.log');
    writeFileSync(file, `${MCP_LIST_LINE}\n`);
    truncateSync(file, 600 * MiB);
    const born = statSync(file).birthtimeMs;
    if (!(born > 0)) return t.skip();
    // 600 MB over 60 days, written now: 0.007 MB a minute.
    const now = born + 60 * 24 * HOUR;
    utimesSync(file, new Date(now - 2000), new Date(now - 2000));
    expect(await lookAt(aged, now)).toEqual([]);

    // 6 MiB of a traceback storm in the last 40 s; before it, 5 MiB took three hours.
    const burst = freshHome();
    const at = (back: number) =>
      back < 6 * MiB ? (back / (6 * MiB)) * 40_000 : 40_000 + ((back - 6 * MiB) / (5 * MiB)) * 3 * HOUR;
    await rotatingLog(burst, 'agent.log', { each: 5 * MiB, copies: 3, current: 3 * MiB, line: storm, at });
    expect(await lookAt(burst, Date.now())).toEqual([]);
  });
});
