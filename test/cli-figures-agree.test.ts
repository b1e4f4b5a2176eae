// Issue 77 item 5, through the built CLI as the operator reads it (no daemon: the state and history files it left):
// each figure is computed once and every message that states it reads that one.
// - /uptime's downtime and the incidents listed under it: two outages of 0.6 s and 0.9 s, each "down" as long as its
//   clock times show (0s, 1s), said "downtime 2s" (the exact sum, rounded) beside them; now the figure is theirs.
// - /status's last restart and /uptime's restarts: a restart of the demo playground (after `init` the daemon is no
//   playground, and its budget is rightly its own) was "last restart none" beside "1 restart, 1 verified".
// - the legend's ▄ in the words the README gives it.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli-run.js';
import { durationMs } from './helpers/story-truth.js';
import { TEST_DIR } from './helpers/paths.js';

const LANG = { en: 'en_US.UTF-8', 'zh-CN': 'zh_CN.UTF-8' } as const;

/** A HOME whose gatewatch state holds two short QQ outages and one verified restart of the playground's. */
function home(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-figures-'));
  const state = path.join(dir, '.local', 'state', 'gatewatch');
  mkdirSync(path.join(state, 'history'), { recursive: true });
  const t0 = Math.floor((Date.now() - 10 * 60_000) / 1000) * 1000;
  const outage = (n: number, from: number, to: number) => ({
    id: `default:platform_down:qqbot@${n}`,
    check: 'platform_down',
    platform: 'qqbot',
    title: 'QQ is disconnected',
    severity: 'critical',
    firstAt: t0 + from,
    alertAt: t0 + from + 100,
    recoveredAt: t0 + to,
    n,
  });
  writeFileSync(
    path.join(state, 'history', 'default.json'),
    JSON.stringify({
      version: 1,
      target: 'default',
      since: t0,
      seenAt: t0 + 60_000,
      platforms: {
        feishu: [[t0, 'up']],
        qqbot: [
          [t0, 'up'],
          [t0 + 10_200, 'down'],
          [t0 + 10_800, 'up'],
          [t0 + 20_100, 'down'],
          [t0 + 21_000, 'up'],
        ],
      },
      incidents: [outage(1, 10_200, 10_800), outage(2, 20_100, 21_000)],
      restarts: [{ at: t0 + 20_500, ok: true, actor: 'gatewatch' }],
    }),
  );
  writeFileSync(
    path.join(state, 'state.json'),
    JSON.stringify({
      incidents: {},
      restarts: [
        {
          target: 'default',
          at: t0 + 20_500,
          actor: 'gatewatch',
          reason: 'platform_down',
          ok: true,
          endedAt: t0 + 21_000,
          durationMs: 1000,
          detail: 'pid 4242; feishu, qqbot connected',
          playground: true,
        },
      ],
    }),
  );
  return dir;
}

const run = async (dir: string, locale: keyof typeof LANG, args: string[]) => {
  const r = await runCli(dir, args, { env: { LANG: LANG[locale], LC_ALL: '', LC_MESSAGES: '', TZ: 'UTC' } });
  return `${r.stdout}${r.stderr}`;
};

/** The README's words for ▄, wherever its reference text lives now (README or docs/). */
function readmeHalf(locale: keyof typeof LANG): string {
  const root = path.join(TEST_DIR, '..');
  const files =
    locale === 'en'
      ? ['README.md', ...readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md') && !f.includes('zh'))]
      : ['README.zh-CN.md', ...readdirSync(path.join(root, 'docs', 'zh-CN')).filter((f) => f.endsWith('.md'))];
  const dir = locale === 'en' ? 'docs' : 'docs/zh-CN';
  for (const f of files) {
    const text = readFileSync(path.join(root, f.startsWith('README') ? f : `${dir}/${f}`), 'utf8');
    const m = /█ [^,，]+[,，] ?▄ ([^,，]+)[,，]/.exec(text);
    if (m) return m[1]!;
  }
  throw new Error('no legend in the README');
}

describe('the figures agree, as the built CLI says them', () => {
  for (const locale of ['en', 'zh-CN'] as const)
    it(`uptime's downtime is its incidents', the last restart is uptime's last, the legend is the README's (${locale})`, async () => {
      const dir = home();
      const uptime = await run(dir, locale, ['uptime']);
      const total = durationMs(
        (locale === 'en' ? /downtime ([^\n,;]+)/ : /可用 [^，]+，中断 ([^\n]+)/).exec(uptime)?.[1] ?? '',
      );
      const listed = [
        ...uptime.matchAll(locale === 'en' ? / · down ([^,\n]+), recovered/g : / · 中断 ([^，,\n]+)，已恢复/g),
      ].map((m) => durationMs(m[1]!)!);
      expect(listed, uptime).toEqual([1_000, 0]);
      expect(total, uptime).toBe(listed.reduce((a, b) => a + b, 0));
      // /incident lists the same two, each as /uptime does.
      const incidents = await run(dir, locale, ['incident']);
      for (const line of uptime.split('\n').filter((l) => /^\s+default-\d/.test(l)))
        expect(incidents, uptime).toContain(line.trim());

      // One restart happened: /uptime counts it, /status names it.
      expect(uptime).toMatch(locale === 'en' ? /1 restart, 1 verified/ : /重启 1 次/);
      const status = await run(dir, locale, ['status']);
      const last = (locale === 'en' ? /last restart\s+(.*)/ : /最近重启\s+(.*)/).exec(status)?.[1];
      expect(last, status).toMatch(/^\d\d-\d\d \d\d:\d\d:\d\d ✓/);

      // The legend's half-down cell in the README's words.
      const legend = uptime.split('\n').find((l) => l.trimStart().startsWith('█ '))!;
      expect(legend).toContain(`▄ ${readmeHalf(locale)} `);
    });
});
