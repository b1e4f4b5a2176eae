// Discovery of the root and its profiles, and §2.7 "which process serves profile X", on real directories and as data.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverHomes, judgeServing, planHomes, profileOf } from '../../src/probes/discover.js';
import type { ProcessEvidence } from '../../src/evidence.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';

afterEach(cleanup);

const ALIVE: ProcessEvidence = { pidFile: { pid: 51234 }, alive: true, pid: 51234 };

describe('profiles', () => {
  it('tells a profile home from a root', () => {
    expect(profileOf('/home/ops/.hermes/profiles/coder')).toEqual({ root: '/home/ops/.hermes', profile: 'coder' });
    expect(profileOf('/opt/data/profiles/ops')).toEqual({ root: '/opt/data', profile: 'ops' });
    expect(profileOf('/home/ops/.hermes')).toEqual({ root: '/home/ops/.hermes', profile: 'default' });
    expect(profileOf('/srv/profiles/Not_A_Profile')).toEqual({ root: '/srv/profiles/Not_A_Profile', profile: 'default' });
  });

  it('§2.7: standalone when its own pid lives; served when the root lists it; else unserved', () => {
    const rootState = { platforms: {}, served_profiles: ['default', 'coder'] };
    expect(judgeServing({ profile: 'coder', ownAlive: true, ownState: true, rootState, rootProcess: ALIVE }, '/r').role).toBe('standalone');
    expect(judgeServing({ profile: 'coder', ownAlive: false, ownState: true, rootState, rootProcess: ALIVE }, '/r')).toMatchObject({ role: 'served', ownStateStale: true, root: { process: ALIVE } });
    expect(judgeServing({ profile: 'coder', ownAlive: false, ownState: false, rootState: null, rootProcess: ALIVE, rootIdentify: { served_profiles: ['default', 'coder'] } }, '/r').role).toBe('served');
    expect(judgeServing({ profile: 'ops', ownAlive: false, ownState: true, rootState, rootProcess: ALIVE }, '/r').role).toBe('unserved');
    expect(judgeServing({ profile: 'default', ownAlive: false, ownState: false, rootState, rootProcess: null }, '/r').role).toBe('root');
  });
});

describe('discovery', () => {
  it('plans the set-up homes, marking the served ones', () => {
    const planned = planHomes(
      { home: '/h', profile: 'default', files: ['config.yaml', 'logs'] },
      [
        { home: '/h/profiles/ops', profile: 'ops', files: ['config.yaml'] },
        { home: '/h/profiles/coder', profile: 'coder', files: ['.env', 'logs'] },
        { home: '/h/profiles/empty', profile: 'empty', files: [] },
      ],
      { platforms: {}, served_profiles: ['default', 'coder'] },
    );
    expect(planned).toEqual([
      { name: 'default', home: '/h', profile: 'default', mode: 'root' },
      { name: 'coder', home: '/h/profiles/coder', profile: 'coder', mode: 'served' },
      { name: 'ops', home: '/h/profiles/ops', profile: 'ops', mode: 'standalone' },
    ]);
  });

  it('reads a real ~/.hermes with a multiplexing root', async () => {
    const root = await tempDir();
    await writeFile(path.join(root, 'config.yaml'), 'gateway:\n  multiplex_profiles: true\n');
    await writeFile(path.join(root, 'gateway_state.json'), JSON.stringify({ gateway_state: 'running', platforms: {}, served_profiles: ['default', 'coder'] }));
    for (const p of ['coder', 'ops']) {
      await mkdir(path.join(root, 'profiles', p, 'logs'), { recursive: true });
      await writeFile(path.join(root, 'profiles', p, 'config.yaml'), 'model: x\n');
    }
    await mkdir(path.join(root, 'profiles', 'Bad Name'), { recursive: true });
    await writeFile(path.join(root, 'profiles', 'stray.txt'), 'x');
    expect((await discoverHomes(root)).map((h) => `${h.name}:${h.mode}`)).toEqual(['default:root', 'coder:served', 'ops:standalone']);
  });

  it('a missing root finds nothing', async () => {
    expect(await discoverHomes(path.join(await tempDir(), 'nope'))).toEqual([]);
  });
});

describe('targets from discovery', () => {
  it('no targets in the config: the root and each profile become targets; nothing found keeps the default', async () => {
    const { withDiscoveredTargets } = await import('../../src/config/discover-targets.js');
    const { parseConfig } = await import('../../src/channels/config.js');
    const root = await tempDir();
    const base = parseConfig('locale: en\n');
    expect(withDiscoveredTargets(base, path.join(root, 'missing')).targets).toEqual(base.targets);
    await writeFile(path.join(root, 'config.yaml'), 'x: 1\n');
    await writeFile(path.join(root, 'gateway_state.json'), JSON.stringify({ platforms: {}, served_profiles: ['default', 'coder'] }));
    await mkdir(path.join(root, 'profiles', 'coder', 'logs'), { recursive: true });
    const cfg = withDiscoveredTargets(base, root);
    expect(cfg.targets.map((t) => [t.name, t.hermes_home, t.profile])).toEqual([
      ['default', root, ''],
      ['coder', path.join(root, 'profiles', 'coder'), 'coder'],
    ]);
    expect(cfg.targets[1]!.log_file).toBe(path.join(root, 'profiles', 'coder', 'logs', 'gateway.log'));
    // An explicit targets list is kept as it is.
    const explicit = parseConfig(`targets:\n  - name: mine\n    hermes_home: ${root}\n`);
    expect(explicit.targets.map((t) => t.name)).toEqual(['mine']);
  });
});
