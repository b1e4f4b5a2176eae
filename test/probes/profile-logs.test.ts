// A served profile's log evidence (hermes-gateway-current.md §2.6): its own logs/ plus the root's runner lines that
// name it, cut at the root process's last start; never another profile's lines, never the launch profile's.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { readLogHistory } from '../../src/probes/log-history.js';
import { mergeServedLog, namedProfile } from '../../src/probes/profile-log.js';
import { parseLogText } from '../../src/probes/log-parse.js';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { createTargetWatch } from '../../src/watch/target.js';
import { runDetectors } from '../../src/detectors/index.js';
import type { Evidence } from '../../src/evidence.js';
import { cleanup, startTicksOf, tempDir } from '../helpers/probe-procs.js';
import { SETTINGS } from '../helpers/evidence.js';
import { startFakeGateway, stopFakeGateways } from '../fakes/hermes-control.js';
import { systemClock } from '../../src/util/clock.js';

afterEach(async () => {
  await stopFakeGateways();
  await cleanup();
});

const FIX = fileURLToPath(new URL('../fixtures/hermes-current/', import.meta.url));

async function layout(): Promise<{ root: string; coder: string; ops: string }> {
  const root = await tempDir('gw-mux-log-');
  const coder = path.join(root, 'profiles', 'coder');
  const ops = path.join(root, 'profiles', 'ops');
  for (const h of [root, coder, ops]) await mkdir(path.join(h, 'logs'), { recursive: true });
  await copyFile(path.join(FIX, 'multiplex-root-routed.log'), path.join(root, 'logs', 'gateway.log'));
  await copyFile(path.join(FIX, 'profile-coder-routed.log'), path.join(coder, 'logs', 'gateway.log'));
  await writeFile(path.join(ops, 'logs', 'gateway.log'), '');
  return { root, coder, ops };
}

describe('which root-log lines are a profile’s', () => {
  it('names the profile of the runner’s lines about a secondary, and none for the launch profile’s or the runner’s own', () => {
    const recs = parseLogText(readFileSync(path.join(FIX, 'multiplex-root-routed.log'), 'utf8'));
    expect(recs.map(namedProfile)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined, // start, socket, the default's telegram, running
      'coder',
      'ops',
      'coder',
      undefined,
      'ops',
      'ops',
      'ops',
      'coder',
    ]);
  });

  it('merges the profile’s own log with the root’s lines naming it, from the root’s last start; the standalone era is history', async () => {
    const { root, coder, ops } = await layout();
    const rootView = await readLogHistory(path.join(root, 'logs', 'gateway.log'));
    const coderView = mergeServedLog(await readLogHistory(path.join(coder, 'logs', 'gateway.log')), rootView, 'coder');
    expect(coderView.run.map((r) => r.message.slice(0, 60))).toEqual(
      [
        '[Telegram] Connected to Telegram (polling mode)',
        '✓ telegram connected (profile: coder)',
        "[MULTIPLEX] Profile 'coder': whatsapp is enabled but not served — whatsa",
        '[Telegram] Telegram polling conflict (1/5) — previous session still',
        '[Telegram] Telegram polling retry 1/5 failed: Conflict: terminated by o',
        '[Telegram] Telegram polling could not recover after 5 retries (200s tot',
        'Fatal telegram adapter error for multiplexed profile coder (telegram_p',
      ].map((m) => m.slice(0, 60)),
    );
    // The pre-migration standalone run is before the root's start: not the current run.
    expect(coderView.previous.map((r) => r.message)).toContain('Stopping gateway...');
    expect(coderView.runStartSeen).toBe(false);
    const opsView = mergeServedLog(await readLogHistory(path.join(ops, 'logs', 'gateway.log')), rootView, 'ops');
    expect(opsView.run.map((r) => r.message)).toEqual([
      '✓ discord connected (profile: ops)',
      'Fatal discord adapter error for multiplexed profile ops (discord_gateway_task_exited)',
      'Secondary discord reconnect retry in 30s (profile: ops)',
      '✓ discord reconnected (profile: ops)',
    ]);
  });
});

async function gather(cfgHome: string, name: string): Promise<Evidence> {
  const config = resolveConfig(
    configSchema.parse({
      targets: [{ name, hermes_home: cfgHome, service: { manager: 'none' } }],
      state_dir: path.join(cfgHome, '..', 'gw-state'),
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
    return await w.gather();
  } finally {
    await w.stop();
  }
}

describe('a served profile’s evidence, gathered for real', () => {
  it('quotes the root’s runner line about this profile; the other profile gets none of it', async () => {
    const { root, coder, ops } = await layout();
    const gw = await startFakeGateway(root, {
      mode: 'answer',
      identify: { served_profiles: ['default', 'coder', 'ops'] },
    });
    await gw.writePidFile(root);
    const start = await startTicksOf(gw.pid);
    const entry = (state: string, code: string | null = null) => ({
      state,
      error_code: code,
      error_message: null,
      updated_at: new Date().toISOString(),
      writer_pid: gw.pid,
      writer_start_time: start,
    });
    await writeFile(
      path.join(root, 'gateway_state.json'),
      JSON.stringify({
        pid: gw.pid,
        start_time: start,
        kind: 'hermes-gateway',
        hermes_home: root,
        gateway_state: 'running',
        updated_at: new Date().toISOString(),
        code_version: '0.21.3',
        served_profiles: ['default', 'coder', 'ops'],
        platforms: {
          telegram: entry('connected'),
          'coder:telegram': entry('fatal', 'telegram_polling_conflict'),
          'ops:discord': entry('connected'),
        },
      }),
    );
    const ev = await gather(coder, 'coder');
    expect(ev.hermes!.serving!.role).toBe('served');
    const found = runDetectors(ev, SETTINGS);
    expect(found.map((f) => f.check)).toEqual(['telegram_polling_conflict']);
    expect(found[0]!.profile).toBe('coder');
    const evidence = found[0]!.evidence.join('\n');
    expect(evidence).toMatch(/Telegram polling conflict \(1\/5\)/); // its own log
    expect(evidence).toMatch(/Fatal telegram adapter error for multiplexed profile coder/); // the root's
    expect(ev.log.run.some((r) => /profile: ops|profile ops|✓ telegram connected$/.test(r.message))).toBe(false);

    const evOps = await gather(ops, 'ops');
    expect(runDetectors(evOps, SETTINGS)).toEqual([]);
    expect(evOps.log.run.every((r) => namedProfile(r) === 'ops')).toBe(true);
  });
});
