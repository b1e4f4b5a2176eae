// Discovery of the root and its profiles, and §2.7 "which process serves profile X", on real directories and as data.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverHomes, judgeServing, planHomes, profileOf } from '../../src/probes/discover.js';
import type { ProcessEvidence } from '../../src/evidence.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';
import { systemClock } from '../../src/util/clock.js';

afterEach(cleanup);

/** What a profile used only from the CLI (`hermes -p <name> …`) has, and no more (hermes-gateway-current.md §8.12). */
async function cliOnlyProfile(root: string, name: string): Promise<string> {
  const home = path.join(root, 'profiles', name);
  for (const d of ['sessions', 'memories', 'skills', 'logs']) await mkdir(path.join(home, d), { recursive: true });
  await writeFile(path.join(home, 'config.yaml'), 'model:\n  default: x\n');
  await writeFile(path.join(home, '.env'), 'OPENROUTER_API_KEY=sk-test\n');
  await writeFile(path.join(home, 'state.db'), '');
  await writeFile(path.join(home, 'logs', 'agent.log'), '2026-06-24 09:00:01,204 INFO agent: session started\n');
  await writeFile(path.join(home, 'logs', 'errors.log'), '');
  return home;
}

const ALIVE: ProcessEvidence = { pidFile: { pid: 51234 }, alive: true, pid: 51234 };

describe('profiles', () => {
  it('tells a profile home from a root', () => {
    expect(profileOf('/home/ops/.hermes/profiles/coder')).toEqual({ root: '/home/ops/.hermes', profile: 'coder' });
    expect(profileOf('/opt/data/profiles/ops')).toEqual({ root: '/opt/data', profile: 'ops' });
    expect(profileOf('/home/ops/.hermes')).toEqual({ root: '/home/ops/.hermes', profile: 'default' });
    expect(profileOf('/srv/profiles/Not_A_Profile')).toEqual({
      root: '/srv/profiles/Not_A_Profile',
      profile: 'default',
    });
  });

  it('§2.2: a live root still starting has not published its list yet: its profiles are served (issue 55 item 8)', () => {
    const starting = { gateway_state: 'starting', platforms: {}, served_profiles: [] };
    const judge = (rootState: typeof starting, rootProcess: typeof ALIVE) =>
      judgeServing({ profile: 'coder', ownAlive: false, ownState: false, rootState, rootProcess }, '/r').role;
    expect(judge(starting, ALIVE)).toBe('served');
    // Running with an empty list: it does not multiplex. Not alive: nothing serves it.
    expect(judge({ ...starting, gateway_state: 'running' }, ALIVE)).toBe('unserved');
    expect(judge(starting, { ...ALIVE, alive: false })).toBe('unserved');
  });

  it('§2.7: standalone when its own pid lives; served when the root lists it; else unserved', () => {
    const rootState = { platforms: {}, served_profiles: ['default', 'coder'] };
    expect(
      judgeServing({ profile: 'coder', ownAlive: true, ownState: true, rootState, rootProcess: ALIVE }, '/r').role,
    ).toBe('standalone');
    expect(
      judgeServing({ profile: 'coder', ownAlive: false, ownState: true, rootState, rootProcess: ALIVE }, '/r'),
    ).toMatchObject({ role: 'served', ownStateStale: true, root: { process: ALIVE } });
    expect(
      judgeServing(
        {
          profile: 'coder',
          ownAlive: false,
          ownState: false,
          rootState: null,
          rootProcess: ALIVE,
          rootIdentify: { served_profiles: ['default', 'coder'] },
        },
        '/r',
      ).role,
    ).toBe('served');
    expect(
      judgeServing({ profile: 'ops', ownAlive: false, ownState: true, rootState, rootProcess: ALIVE }, '/r').role,
    ).toBe('unserved');
    expect(
      judgeServing({ profile: 'default', ownAlive: false, ownState: false, rootState, rootProcess: null }, '/r').role,
    ).toBe('root');
  });
});

describe('discovery', () => {
  it('plans the set-up homes, marking the served ones', () => {
    const planned = planHomes(
      { home: '/h', profile: 'default', files: ['config.yaml', 'logs', 'gateway_state.json'], gateway: true },
      [
        { home: '/h/profiles/ops', profile: 'ops', files: ['config.yaml', 'gateway.pid'], gateway: true },
        { home: '/h/profiles/coder', profile: 'coder', files: ['.env', 'logs'] },
        { home: '/h/profiles/notes', profile: 'notes', files: ['config.yaml', '.env', 'logs'] },
        { home: '/h/profiles/empty', profile: 'empty', files: [] },
      ],
      { platforms: {}, served_profiles: ['default', 'coder'] },
    );
    expect(planned).toEqual([
      { name: 'default', home: '/h', profile: 'default', mode: 'root' },
      { name: 'coder', home: '/h/profiles/coder', profile: 'coder', mode: 'served' },
      { name: 'notes', home: '/h/profiles/notes', profile: 'notes', mode: 'cli_only' },
      { name: 'ops', home: '/h/profiles/ops', profile: 'ops', mode: 'standalone' },
    ]);
  });

  it('a fresh install whose gateway never ran yet is still the root to watch; a CLI-only root beside a profile gateway is not', () => {
    const root = { home: '/h', profile: 'default', files: ['config.yaml'] };
    expect(planHomes(root, [], null).map((h) => h.mode)).toEqual(['root']);
    const ops = { home: '/h/profiles/ops', profile: 'ops', files: ['config.yaml'], gateway: true };
    expect(planHomes(root, [ops], null).map((h) => `${h.name}:${h.mode}`)).toEqual(['ops:standalone']);
  });

  it('reads a real ~/.hermes with a multiplexing root', async () => {
    const root = await tempDir();
    await writeFile(path.join(root, 'config.yaml'), 'gateway:\n  multiplex_profiles: true\n');
    await writeFile(
      path.join(root, 'gateway_state.json'),
      JSON.stringify({ gateway_state: 'running', platforms: {}, served_profiles: ['default', 'coder'] }),
    );
    for (const p of ['coder', 'ops']) {
      await mkdir(path.join(root, 'profiles', p, 'logs'), { recursive: true });
      await writeFile(path.join(root, 'profiles', p, 'config.yaml'), 'model: x\n');
    }
    // ops ran a gateway of its own once: the lifecycle sentinel it left says so.
    await mkdir(path.join(root, 'profiles', 'ops', 'state'), { recursive: true });
    await writeFile(
      path.join(root, 'profiles', 'ops', 'state', 'gateway.lifecycle.json'),
      '{"phase":"exited","pid":4242,"exit_code":0,"exit_reason":"graceful_shutdown"}',
    );
    await cliOnlyProfile(root, 'notes');
    await mkdir(path.join(root, 'profiles', 'Bad Name'), { recursive: true });
    await writeFile(path.join(root, 'profiles', 'stray.txt'), 'x');
    const host = { homedir: await tempDir(), systemUnitDir: await tempDir(), clock: systemClock };
    expect((await discoverHomes(root, host)).map((h) => `${h.name}:${h.mode}`)).toEqual([
      'default:root',
      'coder:served',
      'notes:cli_only',
      'ops:standalone',
    ]);
    // A unit installed for it (hermes gateway install) is a gateway to watch, even before it wrote a file.
    await mkdir(path.join(host.homedir, '.config', 'systemd', 'user'), { recursive: true });
    await writeFile(
      path.join(host.homedir, '.config', 'systemd', 'user', 'hermes-gateway-notes.service'),
      '[Service]\n',
    );
    expect((await discoverHomes(root, host)).find((h) => h.name === 'notes')?.mode).toBe('standalone');
  });

  it('a missing root finds nothing', async () => {
    expect(await discoverHomes(path.join(await tempDir(), 'nope'), { clock: systemClock })).toEqual([]);
  });
});

describe('targets from discovery', () => {
  it('no targets in the config: the root and each profile become targets; nothing found keeps the default', async () => {
    const { withDiscoveredTargets } = await import('../../src/probes/discover-targets.js');
    const { parseConfig } = await import('../../src/channels/config.js');
    const root = await tempDir();
    const base = parseConfig('locale: en\n');
    expect(withDiscoveredTargets(base, path.join(root, 'missing')).targets).toEqual(base.targets);
    await writeFile(path.join(root, 'config.yaml'), 'x: 1\n');
    await writeFile(
      path.join(root, 'gateway_state.json'),
      JSON.stringify({ platforms: {}, served_profiles: ['default', 'coder'] }),
    );
    await mkdir(path.join(root, 'profiles', 'coder', 'logs'), { recursive: true });
    const cfg = withDiscoveredTargets(base, root);
    expect(cfg.targets.map((t) => [t.name, t.hermes_home, t.profile])).toEqual([
      ['default', root, ''],
      ['coder', path.join(root, 'profiles', 'coder'), 'coder'],
    ]);
    expect(cfg.targets[1]!.log_file).toBe(path.join(root, 'profiles', 'coder', 'logs', 'gateway.log'));
    // A profile only ever used from the CLI (§8.12) has no gateway to be down: found, listed, not watched.
    await cliOnlyProfile(root, 'notes');
    const host = { homedir: await tempDir(), systemUnitDir: await tempDir(), clock: systemClock };
    const withNotes = withDiscoveredTargets(base, root, host);
    expect(withNotes.targets.map((t) => t.name)).toEqual(['default', 'coder']);
    expect(withNotes.discovered?.homes.find((h) => h.name === 'notes')).toEqual({
      name: 'notes',
      home: path.join(root, 'profiles', 'notes'),
      mode: 'cli_only',
    });
    // An explicit targets list is kept as it is.
    const explicit = parseConfig(`targets:\n  - name: mine\n    hermes_home: ${root}\n`);
    expect(explicit.targets.map((t) => t.name)).toEqual(['mine']);
  });
});
