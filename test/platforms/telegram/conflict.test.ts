// A Telegram polling conflict that exhausted Hermes' retries: name the other poller when it runs on this host. Real
// Hermes homes (.env files), real child processes (their /proc cmdline and environ), the token never printed.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { configSchema, resolveConfig } from '../../../src/channels/config.js';
import { createTargetWatch } from '../../../src/watch/target.js';
import { afterEach, describe, expect, it } from 'vitest';
import { findTelegramPollers } from '../../../src/probes/telegram-pollers.js';
import { telegramConflictHome } from '../../../src/probes/hermes-current.js';
import { runDetectors } from '../../../src/detectors/index.js';
import type { Locale } from '../../../src/types.js';
import { buildEvidence, iso, localTime, SETTINGS, stateFile } from '../../helpers/evidence.js';
import {
  cleanup,
  envWithout,
  makeTarget,
  spawnIdle,
  startTicksOf,
  tempDir,
  trackPid,
} from '../../helpers/probe-procs.js';
import { wordFinding } from '../../../src/i18n.js';
import { systemClock } from '../../../src/util/clock.js';
import { until } from '../../helpers/until.js';

const linux = process.platform === 'linux';
afterEach(cleanup);

// This process's own bot: a second suite on the same host (another checkout's `npm test` beside this one) runs these
// tests too, and its pollers of a shared token were found as other hosts' by this file's scans of the whole host.
const TOKEN = `${7_300_000_000 + process.pid}:AAHq3ZtW9xYvB2kLmN8pR4sT6uV0wXyZa1b`;
const OTHER_TOKEN = '6100000001:AAF0000000000000000000000000000000z';

async function home(dir: string, token: string | undefined): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(
    path.join(dir, '.env'),
    `# Hermes secrets\nOPENAI_API_KEY=sk-test-000\n${token ? `export TELEGRAM_BOT_TOKEN="${token}"  # @ops_bot\n` : ''}`,
  );
  return dir;
}

const gatewayArgs = ['--', '-m', 'hermes_cli.main', 'gateway', 'run', '--replace'];
const env = (extra: NodeJS.ProcessEnv) => ({ ...envWithout('TELEGRAM_BOT_TOKEN'), ...extra });

const conflictState = () =>
  stateFile('running', {
    telegram: {
      state: 'fatal',
      error_code: 'telegram_polling_conflict',
      error_message: 'Telegram polling could not recover after 5 retries (200s total wait).',
      updated_at: iso('2026-09-20 09:13:30'),
    },
    discord: 'connected',
  });

describe.runIf(linux)('findTelegramPollers (real homes, real processes)', () => {
  it("takes a gateway with no HOME for its own user's, not for a second gateway of the caller's ~/.hermes", async () => {
    // Hermes' `~` with no HOME is the password file's home of its user (runit's chpst -u, supervisord's user=): run
    // with another HOME, gatewatch named such a gateway a second poller of its own ~/.hermes.
    const base = await tempDir('gw-tg-');
    const mine = await home(path.join(base, '.hermes'), TOKEN);
    const homeless = spawnIdle(gatewayArgs, {});
    await until('the gateway to run', async () =>
      (await readFile(`/proc/${homeless.pid}/cmdline`, 'utf8')).includes('gateway'),
    );
    const found = await findTelegramPollers(mine, { own: [], homedir: base, timeoutMs: 20_000 });
    expect(found.checked).toBe(true);
    expect(found.others.map((p) => p.pid)).not.toContain(homeless.pid);
  });

  it('names another Hermes home with the same token and a process carrying it; not ours, not other tokens', async () => {
    const base = await tempDir('gw-tg-');
    const mine = await home(path.join(base, 'ops', '.hermes'), TOKEN);
    const twin = await home(path.join(base, 'old-box', '.hermes'), TOKEN);
    const unrelated = await home(path.join(base, 'other', '.hermes'), OTHER_TOKEN);
    // Our own gateway, with the token in its environment (systemd Environment=), and a tool subprocess it spawned.
    const toolCode = `const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore', env: process.env }); console.log(c.pid); setInterval(() => {}, 1000);`;
    const own = spawnIdle(
      gatewayArgs,
      env({ HERMES_HOME: mine, TELEGRAM_BOT_TOKEN: TOKEN }),
      process.execPath,
      toolCode,
    );
    const toolPid = await new Promise<number>((resolve) =>
      own.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim()))),
    );
    trackPid(toolPid);
    // The culprits: a second Hermes home's gateway (token only in its .env) and an OpenClaw-like script (token in env).
    const twinGw = spawnIdle(gatewayArgs, env({ HERMES_HOME: twin }));
    const script = spawnIdle(['openclaw', 'serve'], env({ TELEGRAM_BOT_TOKEN: TOKEN }));
    // Not culprits: a gateway of a home with another token, a process with another token, an idle process.
    const otherGw = spawnIdle(gatewayArgs, env({ HERMES_HOME: unrelated }));
    const otherScript = spawnIdle(['openclaw', 'serve'], env({ TELEGRAM_BOT_TOKEN: OTHER_TOKEN }));

    const found = await findTelegramPollers(mine, { own: [own.pid!], timeoutMs: 20_000 });
    expect(found.checked).toBe(true);
    const pids = found.others.map((p) => p.pid);
    expect(pids.sort()).toEqual([twinGw.pid!, script.pid!].sort());
    expect(pids).not.toContain(own.pid);
    expect(pids).not.toContain(toolPid);
    expect(pids).not.toContain(otherGw.pid);
    expect(pids).not.toContain(otherScript.pid);
    const twinHit = found.others.find((p) => p.pid === twinGw.pid)!;
    expect(twinHit).toMatchObject({ via: 'hermes_home' });
    expect(twinHit.what).toContain(twin);
    expect(found.others.find((p) => p.pid === script.pid)).toMatchObject({ via: 'environ' });
    expect(JSON.stringify(found)).not.toContain(TOKEN);
    expect(JSON.stringify(found)).not.toContain('AAHq3ZtW9x');

    // The finding names it; the restart stays off; the token appears nowhere.
    const f = conflictFinding(found);
    expect(f.restart).toBe('never');
    expect(f.title).toBe(
      `Telegram stopped: pid ${Math.min(twinGw.pid!, script.pid!)} on this host polls the same bot token`,
    );
    expect(f.explanation).toContain('and 1 more');
    expect(f.evidence.join('\n')).toContain(`other poller: pid ${twinGw.pid}, the gateway of Hermes home ${twin}`);
    expect(JSON.stringify(f)).not.toContain(TOKEN);
    const zh = conflictFinding(found, 'zh-CN');
    expect(zh.title).toMatch(/在轮询同一个 bot token/);
  });

  it('a multiplexing root serving a profile with the same token counts; the token on a command line too', async () => {
    const base = await tempDir('gw-tg-');
    const mine = await home(path.join(base, 'a', '.hermes'), TOKEN);
    const root = await home(path.join(base, 'b', '.hermes'), OTHER_TOKEN);
    await home(path.join(root, 'profiles', 'coder'), TOKEN);
    await writeFile(
      path.join(root, 'gateway_state.json'),
      JSON.stringify({ pid: 1, gateway_state: 'running', served_profiles: ['default', 'coder'], platforms: {} }),
    );
    const mux = spawnIdle(gatewayArgs, env({ HERMES_HOME: root }));
    const curl = spawnIdle(['poll', `https://api.telegram.org/bot${TOKEN}/getUpdates`], env({}));
    const found = await findTelegramPollers(mine, { own: [], timeoutMs: 20_000 });
    expect(found.others.find((p) => p.pid === mux.pid)).toMatchObject({ via: 'hermes_home', profile: 'coder' });
    const c = found.others.find((p) => p.pid === curl.pid)!;
    expect(c.via).toBe('cmdline');
    expect(c.cmdline).not.toContain(TOKEN);
    expect(c.cmdline).toContain('getUpdates');
  });

  it('near miss: nobody else on this host → says so, and the finding sends the operator to other hosts', async () => {
    const base = await tempDir('gw-tg-');
    const mine = await home(path.join(base, 'solo', '.hermes'), TOKEN);
    const own = spawnIdle(gatewayArgs, env({ HERMES_HOME: mine }));
    const found = await findTelegramPollers(mine, { own: [own.pid!], timeoutMs: 20_000 });
    expect(found).toMatchObject({ checked: true, others: [] });
    expect(found.scanned).toBeGreaterThan(1);
    const f = conflictFinding(found);
    expect(f.title).toMatch(/not on this host/);
    expect(f.restart).toBe('never');
  });

  it('a home without a token is not scanned', async () => {
    const base = await tempDir('gw-tg-');
    const mine = await home(path.join(base, 'x', '.hermes'), undefined);
    expect(await findTelegramPollers(mine, { own: [] })).toMatchObject({ checked: false, others: [] });
  });
});

describe.runIf(linux)('gathered for real by the target watch', () => {
  it('the conflict in the state and the log → the watch scans and the finding names the other home; no restart', async () => {
    const base = await tempDir('gw-tg-');
    const mine = await home(path.join(base, 'ops', '.hermes'), TOKEN);
    const twin = await home(path.join(base, 'staging', '.hermes'), TOKEN);
    await mkdir(path.join(mine, 'logs'), { recursive: true });
    await copyFile(
      fileURLToPath(new URL('../../fixtures/hermes-current/telegram-conflict-exhausted.log', import.meta.url)),
      path.join(mine, 'logs', 'gateway.log'),
    );
    const own = spawnIdle(gatewayArgs, env({ HERMES_HOME: mine }));
    const start = await startTicksOf(own.pid!);
    await writeFile(
      path.join(mine, 'gateway.pid'),
      JSON.stringify({
        pid: own.pid,
        kind: 'hermes-gateway',
        argv: ['hermes_cli/main.py', 'gateway', 'run'],
        start_time: start,
      }),
    );
    const entry = (state: string, code?: string) => ({
      state,
      ...(code ? { error_code: code } : {}),
      updated_at: new Date().toISOString(),
      writer_pid: own.pid,
      writer_start_time: start,
    });
    await writeFile(
      path.join(mine, 'gateway_state.json'),
      JSON.stringify({
        pid: own.pid,
        kind: 'hermes-gateway',
        start_time: start,
        gateway_state: 'running',
        platforms: { telegram: entry('fatal', 'telegram_polling_conflict'), discord: entry('connected') },
        updated_at: new Date().toISOString(),
        code_version: '0.21.3',
      }),
    );
    const twinGw = spawnIdle(gatewayArgs, env({ HERMES_HOME: twin }));

    const config = resolveConfig(
      configSchema.parse({
        targets: [{ name: 'ops', hermes_home: mine, service: { manager: 'none' } }],
        state_dir: path.join(base, 'gw-state'),
      }),
      undefined,
    );
    const w = createTargetWatch({
      clock: systemClock,
      config,
      target: config.targets[0]!,
      log: pino({ level: 'silent' }),
    });
    try {
      const ev = await w.gather();
      expect(ev.hermes?.telegramPollers?.others.map((p) => p.pid)).toEqual([twinGw.pid]);
      const f = runDetectors(ev, SETTINGS).find((x) => x.check === 'telegram_polling_conflict')!;
      expect(f.title).toBe(`Telegram stopped: pid ${twinGw.pid} on this host polls the same bot token`);
      expect(f.explanation).toContain(
        `pid ${twinGw.pid}, the gateway of Hermes home ${twin} with the same TELEGRAM_BOT_TOKEN in its .env`,
      );
      // Worded for a zh-CN reader from the finding's key: the probe's English description of the poller is not quoted.
      expect(wordFinding('zh-CN', f).explanation).toContain(
        `pid ${twinGw.pid}，Hermes 目录 ${twin} 的网关，其 .env 中有相同的 TELEGRAM_BOT_TOKEN`,
      );
      expect(f.restart).toBe('never');
      expect(JSON.stringify(ev)).not.toContain(TOKEN);
    } finally {
      await w.stop();
    }
  });
});

/** The conflict as the detectors find it in Hermes' log of its give-up, the poller scan's `found` beside it. */
function conflictFinding(found: Awaited<ReturnType<typeof findTelegramPollers>>, locale: Locale = 'en') {
  const ev = buildEvidence({
    log: 'hermes-current/telegram-conflict-exhausted.log',
    state: conflictState(),
    overrides: {
      hermes: {
        version: { source: 'state_file', generation: 'current', restampsUpdatedAt: false },
        telegramPollers: found,
      },
    },
  });
  return runDetectors(ev, { ...SETTINGS, locale }).find((x) => x.check === 'telegram_polling_conflict')!;
}

describe('when the scan runs', () => {
  it('only when the state or the run says the conflict exhausted its retries; a profile’s conflict scans its home', () => {
    const t = makeTarget('/home/ops/.hermes');
    expect(telegramConflictHome(t, conflictState(), [], Date.now())).toBe('/home/ops/.hermes');
    const served = stateFile('running', {
      telegram: 'connected',
      'coder:telegram': { state: 'fatal', error_code: 'telegram_polling_conflict' },
    });
    expect(telegramConflictHome(t, served, [], Date.now())).toBe('/home/ops/.hermes/profiles/coder');
    // A conflict that recovered inside the retries (every normal restart): no scan.
    const recovered = buildEvidence({
      log: 'hermes-current/telegram-conflict-recovered.log',
      state: stateFile('running', { telegram: 'connected' }),
    });
    expect(telegramConflictHome(t, recovered.state, recovered.log.run, Date.now())).toBeUndefined();
    const exhausted = buildEvidence({ log: 'hermes-current/telegram-conflict-exhausted.log' });
    expect(telegramConflictHome(t, null, exhausted.log.run, Date.now())).toBe('/home/ops/.hermes');
  });

  it('also when conflicts keep starting again at (1/5) long after the start (a second poller, §8.9), not once they stopped', () => {
    const t = makeTarget('/home/ops/.hermes');
    const ev = buildEvidence({ log: 'hermes-current/telegram-second-poller.log', now: '2026-09-21 10:05:00' });
    expect(telegramConflictHome(t, null, ev.log.run, ev.now)).toBe('/home/ops/.hermes');
    expect(telegramConflictHome(t, null, ev.log.run, localTime('2026-09-21 11:10:00'))).toBeUndefined();
    const recovered = buildEvidence({ log: 'hermes-current/telegram-conflict-recovered.log' });
    expect(telegramConflictHome(t, null, recovered.log.run, recovered.now)).toBeUndefined();
  });
});
