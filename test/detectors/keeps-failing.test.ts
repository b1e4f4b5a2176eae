// The one rule for a platform that keeps failing, whatever its words (issue 54 item 2), at its boundaries and past
// them: three failures of a known kind, longer than the grace, still coming at their pace, no sign of it up since; the
// advice by the kind of its latest error. Matrix's sync loop (`Matrix: sync error: %s — retrying in 5s`, §6) is the
// platform with no rule of its own for a refused connection.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runDetectors } from '../../src/detectors/index.js';
import { readAgentOnlyLines } from '../../src/probes/agent-tail.js';
import type { Finding } from '../../src/types.js';
import { buildEvidence, iso, localTime, SETTINGS, stateFile } from '../helpers/evidence.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';

const T0 = '2026-11-25 10:00:00';
/** `T0` plus `s` seconds, as local time (`YYYY-MM-DD HH:MM:SS`); a log line's stamp adds its milliseconds. */
const time = (s: number) => {
  const d = new Date(localTime(T0) + s * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};
const at = (s: number) => `${time(s)},000`;
const START = [
  `${at(0)} INFO gateway.run: Starting Hermes Gateway...`,
  `${at(1)} INFO gateway.run: ✓ matrix connected`,
  `${at(1)} INFO gateway.run: ✓ qqbot connected`,
  `${at(1)} INFO gateway.run: Gateway running with 2 platform(s)`,
];
const REFUSED = "Cannot connect to host matrix.example.org:443 ssl:default [Connect call failed ('203.0.113.7', 443)]";
const sync = (s: number, err = REFUSED) =>
  `${at(s)} WARNING hermes_plugins.matrix_platform.adapter: Matrix: sync error: ${err} — retrying in 5s`;

function judge(lines: string[], nowSec: number, o: { matrixWrittenAt?: number } = {}): Finding[] {
  const ev = buildEvidence({
    text: `${[...START, ...lines].join('\n')}\n`,
    state: stateFile('running', {
      matrix: { state: 'connected', updated_at: iso(time(o.matrixWrittenAt ?? 1)) },
      qqbot: { state: 'connected', updated_at: iso(time(1)) },
    }),
    now: time(nowSec),
  });
  return runDetectors(ev, SETTINGS).filter((f) => f.platform === 'matrix');
}

const ids = (found: Finding[]) => found.map((f) => `${f.check}:${f.text?.key}:${f.restart}`);

describe('a platform that keeps failing (issue 54 item 2)', () => {
  it('three failures of a known kind over longer than the grace: down; two say nothing', () => {
    expect(ids(judge([sync(600), sync(660), sync(720)], 730))).toEqual([
      'platform_down:finding.platform_unreachable:wait',
    ]);
    expect(judge([sync(600), sync(700)], 710)).toEqual([]);
  });

  it('at the grace: not yet (90 s since the first failure); just past it: down', () => {
    expect(judge([sync(600), sync(630), sync(660)], 690)).toEqual([]);
    expect(ids(judge([sync(600), sync(630), sync(660)], 691))).toEqual([
      'platform_down:finding.platform_unreachable:wait',
    ]);
  });

  it('over once its failures stop coming at their pace (2.5 of its intervals, two minutes at least)', () => {
    const every5 = Array.from({ length: 60 }, (_, i) => sync(600 + i * 5));
    expect(judge(every5, 895 + 120)).toHaveLength(1);
    expect(judge(every5, 895 + 121)).toEqual([]);
    const every60 = Array.from({ length: 10 }, (_, i) => sync(600 + i * 60));
    expect(judge(every60, 1140 + 150)).toHaveLength(1);
    expect(judge(every60, 1140 + 151)).toEqual([]);
  });

  it('a sign of it up since says nothing: a message heard, `connected` written after the last failure', () => {
    const failing = [sync(600), sync(660), sync(720)];
    expect(
      judge(
        [
          ...failing,
          `${at(725)} INFO gateway.run: inbound message: platform=matrix user=@ann:example.org chat=!r:example.org msg='hi'`,
        ],
        730,
      ),
    ).toEqual([]);
    expect(judge(failing, 730, { matrixWrittenAt: 722 })).toEqual([]);
  });

  it('the advice follows the kind: refused credentials never restart; a 5xx is the platform’s; no known kind, nothing', () => {
    const auth = (s: number) => sync(s, 'M_UNKNOWN_TOKEN: Invalid access token passed. (401 Unauthorized)');
    expect(ids(judge([auth(600), auth(660), auth(720)], 730))).toEqual([
      'platform_down:finding.platform_refused:never',
    ]);
    const busy = (s: number) => sync(s, "503, message='Service Unavailable', url='https://matrix.example.org/sync'");
    expect(ids(judge([busy(600), busy(660), busy(720)], 730))).toEqual([
      'platform_down:finding.platform_server_error:wait',
    ]);
    const odd = (s: number) => sync(s, "KeyError: 'next_batch'");
    expect(judge([odd(600), odd(660), odd(720)], 730)).toEqual([]);
  });
});

// ---------- the platform's API in httpx's words, a library's validation error (issue 60) ----------

afterEach(cleanup);

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
/** httpx's INFO line for a request (httpx/_client.py `'HTTP Request: %s %s "%s %d %s"'`). */
const req = (s: number, method: string, url: string, status: string) =>
  `${at(s)} INFO httpx: HTTP Request: ${method} ${url} "${status}"`;
const poll = (s: number, status: string) => req(s, 'POST', `https://api.telegram.org/bot${TOKEN}/getUpdates`, status);
/** Every `gap` seconds from `from` to `to`. */
const each = (from: number, to: number, gap: number) =>
  Array.from({ length: Math.floor((to - from) / gap) + 1 }, (_, i) => from + i * gap);

/** The platforms connected from the start; agent.log holds `agent` (read by the agent-tail probe, as the daemon does). */
async function judgeAgent(agent: string[], nowSec: number, platforms: string[]): Promise<Finding[]> {
  const file = path.join(await tempDir('gw-kf-'), 'agent.log');
  await writeFile(file, `${agent.join('\n')}\n`);
  const start = [
    `${at(0)} INFO gateway.run: Starting Hermes Gateway...`,
    ...platforms.map((p) => `${at(1)} INFO gateway.run: ✓ ${p} connected`),
  ];
  const ev = buildEvidence({
    text: `${start.join('\n')}\n`,
    state: stateFile(
      'running',
      Object.fromEntries(platforms.map((p) => [p, { state: 'connected', updated_at: iso(time(1)) }])),
    ),
    now: time(nowSec),
    overrides: {
      hermes: {
        version: { version: '0.21.3', source: 'state_file', generation: 'current', restampsUpdatedAt: true },
        agentOnly: await readAgentOnlyLines(file),
      },
    },
  });
  return runDetectors(ev, SETTINGS).filter((f) => f.check === 'platform_down');
}

describe('a platform’s API failing in httpx’s words alone (issue 60)', () => {
  it('Telegram’s getUpdates answered 502 for five minutes: its servers’ failure, held', async () => {
    const found = await judgeAgent(
      each(600, 900, 30).map((s) => poll(s, 'HTTP/1.1 502 Bad Gateway')),
      910,
      ['telegram', 'qqbot'],
    );
    expect(ids(found)).toEqual(['platform_down:finding.platform_server_error:wait']);
    expect(found[0]!.platform).toBe('telegram');
    expect(found[0]!.title).toContain('HTTP 502');
    expect(found[0]!.evidence.join('\n')).toContain('/getUpdates "HTTP/1.1 502 Bad Gateway"');
    // The bot token rides in the URL's path: the finding's own words never quote it (its evidence lines are masked
    // on their way out, by the one redactor).
    expect(JSON.stringify([found[0]!.title, found[0]!.explanation, found[0]!.text])).not.toContain(TOKEN.slice(10));
  });

  it('Discord’s API refusing the token (401), Feishu’s answering 503 over HTTP/2', async () => {
    const me = (s: number) => req(s, 'GET', 'https://discord.com/api/v10/users/@me', 'HTTP/1.1 401 Unauthorized');
    expect(ids(await judgeAgent(each(600, 900, 60).map(me), 910, ['discord', 'qqbot']))).toEqual([
      'platform_down:finding.platform_refused:never',
    ]);
    const token = (s: number) =>
      req(
        s,
        'POST',
        'https://open.feishu.cn/open-apis/auth/v3/tenant_access_token/internal',
        'HTTP/2 503 Service Unavailable',
      );
    expect(ids(await judgeAgent(each(600, 900, 45).map(token), 910, ['feishu', 'qqbot']))).toEqual([
      'platform_down:finding.platform_server_error:wait',
    ]);
  });

  it('a second poller (409) is never restarted; a limit (429) is waited out', async () => {
    expect(
      ids(
        await judgeAgent(
          each(600, 900, 20).map((s) => poll(s, 'HTTP/1.1 409 Conflict')),
          910,
          ['telegram'],
        ),
      ),
    ).toEqual(['platform_down:finding.platform_conflict:never']);
    const open = (s: number) =>
      req(s, 'POST', 'https://slack.com/api/apps.connections.open', 'HTTP/1.1 429 Too Many Requests');
    expect(ids(await judgeAgent(each(600, 900, 30).map(open), 910, ['slack']))).toEqual([
      'platform_down:finding.platform_rate_limited:wait',
    ]);
  });

  it('matrix-nio’s validation error on every sync, its only words: failing', async () => {
    const nio = (s: number) =>
      `${at(s)} WARNING nio.responses: Error validating response: 'next_batch' is a required property`;
    expect(ids(await judgeAgent(each(600, 900, 5).map(nio), 905, ['matrix', 'qqbot']))).toEqual([
      'platform_down:finding.platform_failing:helps',
    ]);
  });

  it('look-alike: thousands of `200 OK` lines, a 502 now and then among them, say nothing', async () => {
    const lines = each(0, 3600, 1).flatMap((s) => [
      poll(s, s % 300 === 150 ? 'HTTP/1.1 502 Bad Gateway' : 'HTTP/1.1 200 OK'),
      req(s, 'POST', `https://api.telegram.org/bot${TOKEN}/sendMessage`, 'HTTP/1.1 200 OK'),
      req(s, 'POST', 'https://api.openai.com/v1/chat/completions', 'HTTP/1.1 200 OK'),
    ]);
    expect(await judgeAgent(lines, 3601, ['telegram', 'qqbot'])).toEqual([]);
  });

  it('look-alike: a 502 streak that getUpdates’ next 200 ended; failed requests another request’s answer ended', async () => {
    const streak = each(600, 900, 30).map((s) => poll(s, 'HTTP/1.1 502 Bad Gateway'));
    expect(await judgeAgent([...streak, poll(905, 'HTTP/1.1 200 OK')], 910, ['telegram'])).toEqual([]);
    const me = (s: number, status: string) => req(s, 'GET', 'https://discord.com/api/v10/users/@me', status);
    expect(
      await judgeAgent(
        [...each(600, 900, 60).map((s) => me(s, 'HTTP/1.1 401 Unauthorized')), me(905, 'HTTP/1.1 200 OK')],
        910,
        ['discord'],
      ),
    ).toEqual([]);
  });

  it('a request answered does not end a connection’s outage: the Lark SDK’s link down while its REST API serves', async () => {
    const lark = each(600, 900, 60).flatMap((s) => [
      `${at(s)} INFO Lark: trying to reconnect for the 2nd time`,
      `${at(s)} ERROR Lark: connect failed, err: 503: system busy`,
      req(s + 1, 'POST', 'https://open.feishu.cn/open-apis/auth/v3/tenant_access_token/internal', 'HTTP/1.1 200 OK'),
    ]);
    expect(ids(await judgeAgent(lark, 910, ['feishu', 'qqbot']))).toEqual([
      'platform_down:finding.platform_server_error:wait',
    ]);
  });
});
