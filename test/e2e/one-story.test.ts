// Issue 61's "Done when": the playground as a newcomer plays it. The built daemon (`npm start`: `gatewatch run` with no
// config watches the demo gateway), in each locale, is handed every demo fault of both Hermes generations back to back
// in a seeded random order (GATEWATCH_STORY_SEED replays one), without waiting for each to settle: the next fault goes
// in once the last was said. Between faults the operator does what a person does: /status, /fix, `check` from another
// terminal, `/demo heal`, and once stops the gateway with QQ banned and starts it again. QQ's stuck 4009 is followed at
// once by a SIGTERM (issue 77: a platform fault then a process fault, in a row). Then every message holds
// (test/helpers/story-truth.ts): nothing critical for a stopped gateway, no ✅ while a critical incident is open, one
// incident per platform and cause with its own "since", a restart's reason its incident's cause, advice and action
// agreeing, figures agreeing, no audit name, platform key or config key on a phone, every incident the audit opened
// closed there (saying how), and the first of two faults in a row said before the next fault.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { access } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_FAULTS, stopDemo, type DemoFault } from '../../src/demo/index.js';
import { demoStatus } from '../../src/demo/supervisor.js';
import { homePaths } from '../../src/demo/files.js';
import type { WebhookDocument } from '../../src/notifiers/webhook.js';
import type { Locale } from '../../src/types.js';
import { runCli } from '../helpers/cli-run.js';
import { demoSettingsEnv, endCli, startConsoleCli } from '../helpers/console-cli.js';
import { rng } from '../helpers/rng.js';
import {
  type Answer,
  type AuditLine,
  type InARow,
  type Received,
  type StopWindow,
  storyBreaches,
} from '../helpers/story-truth.js';
import { until } from '../helpers/until.js';
import { HEALED_FAULTS } from '../helpers/healed-faults.js';

const SEED = Number(process.env.GATEWATCH_STORY_SEED ?? 61);

/** Faults that stay until healed, and the updater's two that leave something behind for the heal to undo. */
const HEALED = new Set<DemoFault>([...HEALED_FAULTS, 'update-stuck', 'update-left-stopped']);

/** Faults gatewatch rightly says nothing of: played on once seen (or after a while). */
const QUIET = new Set<DemoFault>(['update', 'busy']);

/**
 * A platform fault followed at once (a second later) by a process fault, and the name the first must be said by: the
 * process fault's alert is the first thing said, and the platform's outage came first.
 */
const AT_ONCE: Partial<Record<DemoFault, { then: DemoFault; name: string }>> = {
  'qq-4009-stuck': { then: 'sigterm', name: 'QQ' },
};

/** Each generation's faults in a seeded order, the faults of no generation shared out; the generations in turn. */
function storyOrder(seed: number): DemoFault[] {
  const random = rng(seed);
  const shuffle = <T>(xs: T[]) => {
    const a = [...xs];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  };
  const legacy: DemoFault[] = [];
  const current: DemoFault[] = [];
  for (const f of shuffle(DEMO_FAULTS.map((x) => x)))
    (f.hermes === 'legacy' ? legacy : f.hermes === 'current' ? current : random() < 0.5 ? legacy : current).push(
      f.name,
    );
  return random() < 0.5 ? [...legacy, ...current] : [...current, ...legacy];
}

interface Player {
  locale: Locale;
  home: string;
  demoHome: string;
  child: ChildProcessWithoutNullStreams;
  cli: ReturnType<typeof startConsoleCli>;
  received: Received[];
  answers: Answer[];
  stopped: StopWindow[];
  rows: InARow[];
  close(): Promise<void>;
}

const players: Player[] = [];
afterAll(async () => {
  await Promise.all(players.splice(0).map((p) => p.close()));
}, 120_000);

async function hook(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push({ at: Date.now(), doc: JSON.parse(body) as WebhookDocument });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const LANG: Record<Locale, string> = { en: 'en_US.UTF-8', 'zh-CN': 'zh_CN.UTF-8' };

async function player(locale: Locale): Promise<Player> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'gw-story-'));
  const demoHome = path.join(home, '.local', 'state', 'gatewatch', 'demo-hermes');
  const h = await hook();
  const env = {
    ...demoSettingsEnv({
      schedule: '* * * * * *',
      detect: { disconnect_grace: '5s', storm: { disconnects: 5, within: '1m' }, zombie_after: '1m' },
      remediate: { cooldown: '0s', verify_timeout: '20s', max_restarts: 100, window: '1h' },
      channels: { notifiers: [{ type: 'webhook', url: h.url }] },
    }),
    LANG: LANG[locale],
    LC_ALL: LANG[locale],
    TZ: 'UTC',
  };
  const cli = startConsoleCli(home, ['run'], { env, waitMs: 90_000 });
  const p: Player = {
    locale,
    home,
    demoHome,
    child: cli.child,
    cli,
    received: h.received,
    answers: [],
    stopped: [],
    rows: [],
    async close() {
      await endCli(cli.child);
      await stopDemo(demoHome).catch(() => undefined);
      await h.close();
    },
  };
  players.push(p);
  await cli.waitFor(/demo-hermes/);
  await until('the demo gateway serving', () => serving(p), { timeoutMs: 90_000, everyMs: 200 });
  return p;
}

/**
 * The demo gateway runs with QQ and Feishu connected, the platforms of both Hermes. Not every entry of the file: a
 * switch of Hermes mid-story leaves the other one's entries as they were (Hermes merges its writes into the file).
 */
async function serving(p: Player): Promise<boolean> {
  const s = await demoStatus(p.demoHome);
  const platforms = s.state?.platforms ?? {};
  return s.alive && ['feishu', 'qqbot'].every((k) => platforms[k]?.state === 'connected');
}

/** A command from another terminal, as the operator runs it: its answer kept. */
async function ask(p: Player, verb: string, args: string[] = []): Promise<Answer> {
  const sent = Date.now();
  const r = await runCli(p.home, [verb, ...args], { env: { LANG: LANG[p.locale], LC_ALL: LANG[p.locale], TZ: 'UTC' } });
  const a = { sent, at: Date.now(), verb, code: r.code ?? -1, text: `${r.stdout}${r.stderr}` };
  p.answers.push(a);
  return a;
}

/** A line typed into the daemon's console; resolves with its answer, once `answered` and the blank line after it show. */
async function type(p: Player, line: string, answered: RegExp): Promise<string> {
  const from = p.cli.out().length;
  p.cli.send(line);
  const at = await p.cli.waitFor(new RegExp(`(${answered.source})[\\s\\S]*?\\n\\n`), from, undefined, 90_000);
  return p.cli.out().slice(from, at);
}

const INJECTED: Record<Locale, RegExp> = {
  en: /Injected \S+ into the demo gateway|Could not inject/,
  'zh-CN': /已向演示网关注入|无法注入/,
};

/** Said: an alert of a problem reached the phone after `from`. */
const said = (p: Player, from: number) =>
  p.received.some((r) => r.at >= from && (r.doc.kind === 'open' || r.doc.kind === 'flap'));

async function play(p: Player, fault: DemoFault): Promise<void> {
  const from = Date.now();
  const row = p.rows.at(-1);
  if (row && row.to === undefined) row.to = from;
  let answer = '';
  const pair = AT_ONCE[fault];
  if (pair) await playPair(p, fault, pair);
  // A fault that needs a running gateway waits for the restart under way (a heal's, gatewatch's) to bring it back.
  else
    for (let tries = 0; tries < 3; tries++) {
      await until(`${fault}: a gateway to inject into`, async () => (await demoStatus(p.demoHome)).alive, {
        timeoutMs: 90_000,
        everyMs: 200,
      });
      answer = await type(p, `/demo fail ${fault}`, INJECTED[p.locale]);
      if (!/Could not inject|无法注入/.test(answer)) break;
      await until(`${fault}: the gateway back to inject into`, () => serving(p), { timeoutMs: 90_000, everyMs: 200 });
    }
  // At the next start (or in the other Hermes): started as the answer says.
  if (answer.includes('/restart demo confirm')) p.cli.send('/restart demo confirm');
  if (QUIET.has(fault)) {
    if (fault === 'update')
      // The playground's update keeps the gateway down for a minute.
      await until('the update over', async () => !(await exists(homePaths(p.demoHome).updateMarker)), {
        timeoutMs: 150_000,
        everyMs: 200,
      });
  } else await until(`${fault} said`, () => said(p, from), { timeoutMs: 90_000, everyMs: 200 }).catch(() => undefined);
  if (fault === 'qq-banned') await stopAndStart(p);
  if (HEALED.has(fault)) p.cli.send('/demo heal');
}

/**
 * The platform fault, and a second after it the process fault, into one gateway: played again (up to three times) when
 * the first landed in a gateway a restart under way replaced before it could take (its platform still up there).
 */
async function playPair(p: Player, first: DemoFault, o: { then: DemoFault; name: string }): Promise<void> {
  for (let tries = 0; tries < 3; tries++) {
    await until(`${first}: a serving gateway`, () => serving(p), { timeoutMs: 90_000, everyMs: 200 });
    const pid = (await demoStatus(p.demoHome)).pid;
    const from = Date.now();
    if (/Could not inject|无法注入/.test(await type(p, `/demo fail ${first}`, INJECTED[p.locale]))) continue;
    const landed = await until(
      `${first}: taken`,
      async () => {
        const st = await demoStatus(p.demoHome);
        if (st.pid !== pid) return 'replaced';
        return st.state?.platforms.qqbot?.state !== 'connected' ? 'taken' : undefined;
      },
      { timeoutMs: 10_000, everyMs: 100 },
    ).catch(() => 'replaced');
    if (landed !== 'taken') continue;
    await until('a second later', () => Date.now() >= from + 1_000 || undefined, { timeoutMs: 5_000 });
    if (!/Could not inject|无法注入/.test(await type(p, `/demo fail ${o.then}`, INJECTED[p.locale]))) {
      p.rows.push({ from, first, then: o.then, name: o.name });
      return;
    }
  }
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

/** The operator stops the gateway, looks, and starts it again: nothing of it is critical while it is stopped. */
async function stopAndStart(p: Player): Promise<void> {
  const window: StopWindow = { from: Date.now() };
  await ask(p, 'demo', ['stop']);
  window.from = Date.now();
  p.stopped.push(window);
  // Looked at once the daemon has seen it stopped (its check every second).
  await until('the stop seen', async () => !(await demoStatus(p.demoHome)).alive, { timeoutMs: 30_000 });
  await ask(p, 'check');
  await ask(p, 'status');
  window.to = Date.now();
  p.cli.send('/restart demo confirm');
}

/** The story's end: healed, every incident over, the daemon stopped; what it left, read. */
async function finish(p: Player) {
  p.cli.send('/demo heal');
  await until('the demo gateway serving at the end', () => serving(p), { timeoutMs: 120_000, everyMs: 200 });
  await ask(p, 'status');
  await p.close();
  keep(p);
  const dir = path.join(p.home, '.local', 'state', 'gatewatch');
  const audit: AuditLine[] = readFileSync(path.join(dir, 'audit.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const r = JSON.parse(l) as AuditLine & { ts: string };
      return { ...r, at: Date.parse(r.ts) };
    });
  const state = JSON.parse(readFileSync(path.join(dir, 'state.json'), 'utf8')) as {
    incidents: Record<string, { id: string; resolvedAt?: number }>;
  };
  const row = p.rows.at(-1);
  if (row && row.to === undefined) row.to = Date.now();
  const resolvedAt = new Map(
    Object.values(state.incidents).flatMap((i) => (i.resolvedAt ? [[i.id, i.resolvedAt] as const] : [])),
  );
  return {
    locale: p.locale,
    audit,
    received: p.received,
    answers: p.answers,
    stopped: p.stopped,
    resolvedAt,
    rows: p.rows,
  };
}

/** With GATEWATCH_STORY_KEEP=<dir>: the story's state, audit and console kept there, to read after a failure. */
function keep(p: Player): void {
  const dir = process.env.GATEWATCH_STORY_KEEP;
  if (!dir) return;
  const to = path.join(dir, p.locale);
  cpSync(path.join(p.home, '.local', 'state', 'gatewatch'), to, {
    recursive: true,
    // Not a socket, nor a file the daemon is replacing as this copies.
    filter: (f) => !f.endsWith('.sock') && !f.endsWith('.tmp'),
  });
  writeFileSync(path.join(to, 'console.txt'), p.cli.out());
  writeFileSync(path.join(to, 'received.json'), JSON.stringify(p.received, null, 1));
}

describe('the order', () => {
  it('holds every fault of both generations once, each generation in one run', () => {
    const order = storyOrder(SEED);
    expect([...order].sort()).toEqual(DEMO_FAULTS.map((f) => f.name).sort());
    const gen = (f: DemoFault) => DEMO_FAULTS.find((x) => x.name === f)!.hermes;
    const switches = order.filter((f, i) => i > 0 && gen(f) && gen(order[i - 1]!) && gen(f) !== gen(order[i - 1]!));
    expect(switches.length).toBeLessThanOrEqual(1);
  });
});

// Twenty minutes of playing: run by `npm run test:story` (GATEWATCH_STORY=1), not by `npm test`, for its length. It
// held in both locales on 2026-11-27 (seed 61, 1,045 s); a breach it finds is a bug of the story a newcomer meets.
describe
  .skipIf(!process.env.GATEWATCH_STORY)
  .concurrent('every demo fault back to back, through the built daemon: one true story', { timeout: 2_400_000 }, () => {
    for (const locale of ['en', 'zh-CN'] as const)
      it(`${locale} (seed ${SEED})`, async () => {
        const p = await player(locale);
        try {
          for (const fault of storyOrder(SEED + (locale === 'en' ? 0 : 1))) await play(p, fault);
        } finally {
          keep(p);
        }
        const story = await finish(p);
        const end = Date.now();
        expect(story.received.length).toBeGreaterThan(20);
        // The platform fault and the process fault a second after it were played.
        expect(story.rows.map((r) => `${r.first} ${r.then}`)).toEqual(['qq-4009-stuck sigterm']);
        expect(storyBreaches(story, end), p.cli.out()).toEqual([]);
      });
  });
