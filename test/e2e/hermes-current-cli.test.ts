// `gatewatch check` as a user runs it on current-Hermes homes: a multiplexing root serving two profiles (one of them
// quiet for hours), the same homes during `hermes update`, and a served profile whose Telegram fails.
import { readFileSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, startTicksOf, tempDir } from '../helpers/probe-procs.js';
import { startFakeGateway, stopFakeGateways } from '../fakes/hermes-control.js';
import { gatewatch as run } from '../helpers/cli-run.js';

const FIX = fileURLToPath(new URL('../fixtures/hermes-current/', import.meta.url));

afterEach(async () => {
  await stopFakeGateways();
  await cleanup();
});

const gatewatch = (args: string[], env: Record<string, string> = {}) => run(args, { env });

/** Local `YYYY-MM-DD HH:MM:SS,mmm` as Hermes writes it, `minutesAgo` before now. */
function stamp(minutesAgo: number): string {
  const d = new Date(Date.now() - minutesAgo * 60_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())},${p(d.getMilliseconds(), 3)}`;
}

/** The healthy root log, re-dated to start `hoursAgo` hours ago (the platforms then stay quiet). */
function rootLog(hoursAgo: number): string {
  return (
    readFileSync(path.join(FIX, 'root-multiplex-healthy.log'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l, i) => l.replace(/^\S+ \S+/, stamp(hoursAgo * 60 - i * 0.01)))
      .join('\n') + '\n'
  );
}

async function multiplexedRoot(platforms: Record<string, unknown>) {
  const root = await tempDir('gw-hermes-');
  await mkdir(path.join(root, 'logs'), { recursive: true });
  await writeFile(path.join(root, 'logs', 'gateway.log'), rootLog(6));
  for (const p of ['coder', 'ops']) await mkdir(path.join(root, 'profiles', p, 'logs'), { recursive: true });
  // coder's standalone gateway was stopped by the migration and left its state file.
  await writeFile(
    path.join(root, 'profiles', 'coder', 'gateway_state.json'),
    readFileSync(path.join(FIX, 'profile-stale-stopped.json')),
  );
  const gw = await startFakeGateway(root, {
    mode: 'answer',
    identify: { served_profiles: ['default', 'coder', 'ops'] },
  });
  await gw.writePidFile(root);
  const start = await startTicksOf(gw.pid);
  const now = new Date().toISOString();
  const entries = Object.fromEntries(
    Object.entries(platforms).map(([k, v]) => [
      k,
      {
        state: 'connected',
        error_code: null,
        error_message: null,
        updated_at: now,
        writer_pid: gw.pid,
        writer_start_time: start,
        ...(v as object),
      },
    ]),
  );
  await writeFile(
    path.join(root, 'gateway_state.json'),
    JSON.stringify({
      pid: gw.pid,
      kind: 'hermes-gateway',
      argv: ['python', '-m', 'hermes_cli.main', 'gateway', 'run'],
      start_time: start,
      hermes_home: root,
      gateway_state: 'running',
      exit_reason: null,
      restart_requested: false,
      active_agents: 0,
      platforms: entries,
      session_store: { status: 'ok' },
      updated_at: now,
      code_sha: '00067189dfecf833d4d009c2dd977ae85cf800e0',
      code_version: '0.21.3',
      served_profiles: ['default', 'coder', 'ops'],
    }),
  );
  const config = path.join(root, 'gatewatch.yaml');
  const target = (name: string, home: string) =>
    `  - name: ${name}\n    hermes_home: ${home}\n    service: { manager: none }\n`;
  await writeFile(
    config,
    `state_dir: ${path.join(root, 'gw-state')}\ntargets:\n${target('default', root)}${target('coder', path.join(root, 'profiles', 'coder'))}${target('ops', path.join(root, 'profiles', 'ops'))}`,
  );
  return { root, gw, config };
}

describe('gatewatch check on current Hermes', () => {
  it('a healthy multiplexing root and its served profiles, quiet for six hours: exit 0, nothing found', async () => {
    const { config } = await multiplexedRoot({
      telegram: {},
      'coder:telegram': {},
      'ops:discord': {},
      'coder:whatsapp': { state: 'disabled', error_code: 'multiplex_shared_ingress' },
    });
    const r = await gatewatch(['check', '--json', '--config', config]);
    expect(JSON.parse(r.stdout)).toEqual({ status: 'ok', findings: [] });
    expect(r.code).toBe(0);
  });

  it('a served profile’s Telegram lost to another poller: exit 2, the finding names the profile', async () => {
    const { config } = await multiplexedRoot({
      telegram: {},
      'coder:telegram': { state: 'fatal', error_code: 'telegram_polling_conflict' },
      'ops:discord': {},
    });
    const r = await gatewatch(['check', '--json', '--config', config]);
    expect(r.code).toBe(2);
    const { findings } = JSON.parse(r.stdout) as {
      findings: { target: string; check: string; platform?: string; profile?: string }[];
    };
    // Once, for the served profile's own target: the root's `coder:` entry is that target's to report (no double alert).
    expect(findings.map((f) => [f.target, f.check, f.platform, f.profile])).toEqual([
      ['coder', 'telegram_polling_conflict', 'telegram', 'coder'],
    ]);
  });

  it('during `hermes update` the gateway is down on purpose: exit 0; stale claim afterwards: exit 2', async () => {
    const { root, gw, config } = await multiplexedRoot({ telegram: {} });
    await gw.kill('SIGTERM');
    // The updater (this test process: alive) claimed the home a minute ago.
    await writeFile(path.join(root, '.hermes-update-in-progress'), `${process.pid}\n${Date.now() / 1000 - 60}\n`);
    let r = await gatewatch(['check', '--json', '--config', config]);
    expect(JSON.parse(r.stdout)).toEqual({ status: 'ok', findings: [] });
    expect(r.code).toBe(0);
    // 25 minutes later the claim is past its maximum age and the gateway is still not back.
    await writeFile(path.join(root, '.hermes-update-in-progress'), `${process.pid}\n${Date.now() / 1000 - 25 * 60}\n`);
    r = await gatewatch(['check', '--json', '--config', config]);
    expect(r.code).toBe(2);
    const checks = (JSON.parse(r.stdout) as { findings: { target: string; check: string }[] }).findings.map(
      (f) => `${f.target}:${f.check}`,
    );
    expect(checks).toContain('default:update_stuck');
    expect(checks.some((c) => c.endsWith(':process_down'))).toBe(false);
  });
});

describe('gatewatch doctor on current Hermes', () => {
  it('with no config, a profile only ever used from the CLI is listed, not watched: no process_down for it (issue 19 item 10)', async () => {
    const { root } = await multiplexedRoot({ telegram: {}, 'coder:telegram': {}, 'ops:discord': {} });
    // What `hermes -p notes chat` leaves (hermes-gateway-current.md §8.12): no gateway file, no unit, not served.
    const notes = path.join(root, 'profiles', 'notes');
    for (const d of ['sessions', 'memories', 'skills', 'logs']) await mkdir(path.join(notes, d), { recursive: true });
    await writeFile(path.join(notes, 'config.yaml'), 'model:\n  default: x\n');
    await writeFile(path.join(notes, '.env'), 'OPENROUTER_API_KEY=sk-test\n');
    await writeFile(path.join(notes, 'state.db'), '');
    await writeFile(path.join(notes, 'logs', 'agent.log'), `${stamp(30)} INFO agent: session started\n`);
    await writeFile(path.join(notes, 'logs', 'errors.log'), '');
    const home = await tempDir('gw-user-');
    await symlink(root, path.join(home, '.hermes'));
    const env = { HOME: home, GATEWATCH_CONFIG: '' };
    const c = await gatewatch(['check', '--json'], env);
    expect(JSON.parse(c.stdout)).toMatchObject({ status: 'ok', findings: [] });
    expect(c.code).toBe(0);
    const d = await gatewatch(['doctor'], env);
    const hermes = path.join(home, '.hermes');
    expect(d.stdout).toContain(`Hermes homes found under ${hermes}: 4`);
    expect(d.stdout).toMatch(
      new RegExp(`notes\\s+CLI only, never ran a gateway: not watched\\s+${hermes}/profiles/notes`),
    );
    expect(d.stdout).not.toMatch(/process_down/);
  });

  it('with no config, lists the homes it discovered and what it found in each; a served profile without a unit is not a problem', async () => {
    const { root } = await multiplexedRoot({ telegram: {}, 'coder:telegram': {}, 'ops:discord': {} });
    const home = await tempDir('gw-user-');
    await symlink(root, path.join(home, '.hermes'));
    const r = await gatewatch(['doctor'], { HOME: home, GATEWATCH_CONFIG: '' });
    const hermes = path.join(home, '.hermes');
    expect(r.stdout).toContain(`Hermes homes found under ${hermes}: 3`);
    expect(r.stdout).toMatch(new RegExp(`default\\s+root gateway\\s+${hermes}\\n`));
    expect(r.stdout).toMatch(new RegExp(`coder\\s+served by the root gateway\\s+${hermes}/profiles/coder`));
    expect(r.stdout).toMatch(/Hermes\s+0\.21\.3 \(00067189\), from the control socket/);
    expect(r.stdout).toMatch(/serves profiles\s+default, coder, ops/);
    expect(r.stdout).toMatch(/control socket\s+\S*gateway\.sock: answered/);
    expect(r.stdout).toMatch(/a unit removed by the multiplex migration is expected/);
    expect(r.stdout).toMatch(/state file\s+left over from before the multiplex migration/);
    expect(r.stdout).not.toMatch(/not found/);
    expect(r.code, r.stdout).toBe(0);
  });
});
