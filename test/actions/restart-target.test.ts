// Which process a restart acts on (hermes-gateway-current.md §2.7): pure resolution from a target's evidence.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { restartVia, rootKeys } from '../../src/actions/restart-target.js';
import { viaRootNote } from '../../src/core/remediate.js';
import { withoutServedDuplicates } from '../../src/watch/served-dedupe.js';
import type { Evidence, GatewayStateFile } from '../../src/evidence.js';
import type { Finding } from '../../src/types.js';
import { makeTarget } from '../helpers/probe-procs.js';

const ROOT = '/home/ops/.hermes';
const rootState: GatewayStateFile = { platforms: {}, served_profiles: ['default', 'coder', 'ops'] };
const served = (profile: string, st: GatewayStateFile | null = rootState): Pick<Evidence, 'hermes' | 'state'> => ({
  state: null,
  hermes: {
    version: { source: 'none', generation: 'current', restampsUpdatedAt: false },
    serving: { role: 'served', profile, rootHome: ROOT, root: { process: { pidFile: null, alive: true }, state: st } },
  },
});

describe('restartVia', () => {
  it('a served profile restarts through the root: its pid file, state file, and every profile it serves', () => {
    const via = restartVia(makeTarget(path.join(ROOT, 'profiles', 'coder'), { name: 'coder' }), served('coder'));
    expect(via.unit).toBe(ROOT);
    expect(via.target).toMatchObject({
      name: 'coder',
      hermes_home: ROOT,
      pid_file: `${ROOT}/gateway.pid`,
      state_file: `${ROOT}/gateway_state.json`,
    });
    expect(via.served).toEqual({
      profile: 'coder',
      root: ROOT,
      launch: 'default',
      profiles: ['default', 'coder', 'ops'],
    });
    expect(rootKeys(via, ['telegram', 'discord'])).toEqual(['coder:telegram', 'coder:discord']);
  });

  it('the root and a standalone profile restart themselves; the root shares its unit with the profiles it serves', () => {
    const root = restartVia(makeTarget(ROOT), {
      state: rootState,
      hermes: {
        version: { source: 'none', generation: 'current', restampsUpdatedAt: false },
        serving: { role: 'root', profile: 'default' },
      },
    });
    expect(root.served).toBeUndefined();
    expect(root.unit).toBe(restartVia(makeTarget(path.join(ROOT, 'profiles', 'ops')), served('ops')).unit);
    // Its restart notice names every profile whose bots reconnect with it; a single-profile gateway's says nothing.
    expect(viaRootNote(root, 'en')).toEqual([
      "This gateway serves profiles default, coder, ops: every profile's bots reconnect.",
    ]);
    expect(viaRootNote(restartVia(makeTarget(ROOT), { state: { platforms: {}, served_profiles: [] } }), 'en')).toEqual(
      [],
    );
    const lone = restartVia(makeTarget(path.join(ROOT, 'profiles', 'lone')), undefined);
    expect(lone.unit).toBe(path.join(ROOT, 'profiles', 'lone'));
    expect(rootKeys(lone, ['telegram'])).toEqual(['telegram']);
  });

  it('a root launched for a named profile keys that profile bare; a root state with no list still names the profile', () => {
    const launchedAsCoder = restartVia(
      makeTarget(path.join(ROOT, 'profiles', 'coder')),
      served('coder', { platforms: {}, served_profiles: ['coder', 'ops'] }),
    );
    expect(rootKeys(launchedAsCoder, ['telegram'])).toEqual(['telegram']);
    expect(restartVia(makeTarget(path.join(ROOT, 'profiles', 'ops')), served('ops', null)).served!.profiles).toEqual([
      'default',
      'ops',
    ]);
  });
});

describe('withoutServedDuplicates', () => {
  const f = (platform: string, profile?: string) =>
    ({
      target: 'default',
      check: 'platform_down',
      severity: 'critical',
      platform,
      ...(profile ? { profile } : {}),
    }) as Finding;
  const rootEv = {
    hermes: {
      version: { source: 'none', generation: 'current', restampsUpdatedAt: false },
      serving: { role: 'root', profile: 'default' },
    },
  } as Pick<Evidence, 'hermes'>;
  it('drops the root’s findings about a profile watched on its own, keeps the rest', () => {
    const targets = [{ hermes_home: ROOT }, { hermes_home: `${ROOT}/profiles/coder` }];
    expect(
      withoutServedDuplicates(
        [f('telegram'), f('coder:telegram', 'coder'), f('ops:discord', 'ops')],
        rootEv,
        ROOT,
        targets,
      ).map((x) => x.platform),
    ).toEqual(['telegram', 'ops:discord']);
    // Nobody else watches coder: the root's finding is the only one, kept.
    expect(withoutServedDuplicates([f('coder:telegram', 'coder')], rootEv, ROOT, [{ hermes_home: ROOT }])).toHaveLength(
      1,
    );
  });
});
