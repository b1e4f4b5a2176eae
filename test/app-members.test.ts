// Issue 81 item 4: what createApp hands its callers is the command core (app.core: looks, evaluations, restarts, mutes,
// the state, which the commands' ports are made of) and the few parts of the stages they reach; each stage keeps the
// rest of what it starts. It handed out 40, the core's restated as its own.
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../src/channels/config.js';
import { createApp, type App } from '../src/app.js';
import { cleanup, tempDir } from './helpers/probe-procs.js';

const apps: App[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop();
  await cleanup();
});

describe('the App', () => {
  it('hands out the command core as one member, beside at most 20 parts of the stages', async () => {
    const home = await tempDir('gw-app-members-');
    const raw = {
      state_dir: `${home}/state`,
      detect: { reachability: false },
      targets: [{ name: 'gw', hermes_home: home }],
    };
    const app = await createApp(resolveConfig(configSchema.parse(raw), undefined), { log: pino({ level: 'silent' }) });
    apps.push(app);
    const members = Object.keys(app);
    expect(members).toContain('core');
    expect(members.length).toBeLessThanOrEqual(21);
    // The core's own members are its, not the App's.
    for (const m of ['evaluate', 'look', 'lastResult', 'state', 'config', 'mute', 'restart'])
      expect(members, m).not.toContain(m);
    expect(typeof app.core.evaluate).toBe('function');
  });
});
