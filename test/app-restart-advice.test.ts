// Issue 42 item 6: a target's restart advice is one decision, the same in every place it is given. Real homes on disk
// (a live `gateway run` process, its files in Hermes' formats) judged by `gatewatch check` (text and --json) and by the
// daemon (its alerts, /status, /fix and the automatic restart path):
// - a start-up a migration's progress lease holds (hermes-gateway-current.md §9.18; phases state_db_data_migrations and
//   state_db_auto_sweep): restarting makes it worse, so the platforms it has not connected yet advise no restart;
// - a runtime-lock restart loop whose next start sleeps in Hermes' breaker (§5, §9.16): the storm is the cause, and the
//   dead lives' stale state file and start-up lines are no finding about the one that sleeps.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../src/channels/config.js';
import { createApp, type App } from '../src/app.js';
import { renderText } from '../src/delivery/render-text.js';
import type { Finding, Reply } from '../src/types.js';
import { cleanup, tempDir } from './helpers/probe-procs.js';
import { leaseHome, stormHome } from './helpers/hermes-homes.js';
import { gatewatch } from './helpers/cli-run.js';
import { phone } from './helpers/phone.js';

const log = pino({ level: 'silent' });
const apps: App[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop();
  await cleanup();
});

async function setup(make: (home: string) => Promise<void>, locale: 'en' | 'zh-CN' = 'en') {
  const dir = await tempDir('gw-advice-');
  const home = path.join(dir, 'hermes');
  await make(home);
  const raw = {
    state_dir: path.join(dir, 'state'),
    locale,
    schedule: '0 0 1 1 *',
    targets: [
      {
        name: 'gw',
        hermes_home: home,
        platforms: ['feishu', 'qqbot'],
        // A supervisor that could restart it: only the advice keeps gatewatch from doing so.
        service: { manager: 'command', is_active: ['true'], restart: ['true'] },
      },
    ],
    remediate: { cooldown: '0s' },
  };
  const file = path.join(dir, 'config.json');
  await writeFile(file, JSON.stringify(raw));
  return { file, config: resolveConfig(configSchema.parse(raw), undefined) };
}

async function check(file: string, json = true) {
  const r = await gatewatch(['check', ...(json ? ['--json'] : []), '--config', file]);
  return { code: r.code, out: r.stdout, json: json ? (JSON.parse(r.stdout) as { findings: Finding[] }) : undefined };
}

/** The daemon's judgement: one evaluation that may act, what it alerted, and what /status and /fix then say. */
async function daemon(config: ReturnType<typeof resolveConfig>) {
  const p = phone();
  const app = await createApp(config, { log });
  apps.push(app);
  await app.addChannel(p.ch);
  const r = await app.core.evaluate('gw');
  await app.outbox.flush();
  const say = async (text: string) => {
    const replies: Reply[] = [];
    await app.handle({ channel: 'console', senderId: 'local', text }, async (x) => void replies.push(x));
    return replies;
  };
  return { app, p, r, say };
}

const restarts = (replies: Reply[]) =>
  replies.flatMap((x) => x.buttons ?? []).filter((b) => /^\/restart\b/.test(b.command) || b.label === 'Restart');

describe('a start-up held by a progress lease (§9.18): no restart advised anywhere, and the words say why', () => {
  for (const phase of ['state_db_data_migrations', 'state_db_auto_sweep'])
    it(`phase ${phase}`, async () => {
      const { file, config } = await setup((home) => leaseHome(home, phase));
      const c = await check(file);
      expect(c.code).toBe(2);
      const found = c.json!.findings;
      expect(found.map((f) => `${f.check}${f.platform ? `:${f.platform}` : ''}`).sort()).toEqual([
        'platform_down:feishu',
        'platform_down:qqbot',
        'startup_held',
      ]);
      for (const f of found) expect(f.restart, f.check).toBe('never');
      for (const f of found.filter((x) => x.check === 'platform_down')) {
        expect(f.heldBy).toMatchObject({ check: 'startup_held', why: 'worse', own: 'helps' });
        expect(f.action).not.toMatch(/Restart the gateway/);
        expect(f.action).toContain(`Gateway start-up is held by a migration (${phase})`);
        expect(f.action).toMatch(/a restart makes that worse/);
      }
      const text = (await check(file, false)).out;
      expect(text).not.toMatch(/Restart the gateway/);
      expect(text).toMatch(/Do not restart for this/);

      const { app, p, say } = await daemon(config);
      const alerts = p.got.filter((a) => a.check === 'platform_down');
      expect(alerts).toHaveLength(2);
      for (const a of alerts) {
        expect(a.reply.fields).toContainEqual({
          label: 'auto-restart',
          value: expect.stringMatching(/^no: explained by “Gateway start-up is held by a migration/),
        });
        expect(restarts([a.reply])).toEqual([]);
      }
      const audit = await app.audit.read();
      expect(audit.filter((x) => x.type === 'restart.begin')).toEqual([]);
      expect(audit.find((x) => x.type === 'restart.skip')).toMatchObject({
        detail: { code: 'unrecoverable', checks: ['startup_held'] },
      });
      expect(restarts(await say('/status gw'))).toEqual([]);
      const fix = (await say('/fix gw')).map((x) => renderText(x)).join('\n');
      expect(fix).not.toMatch(/Restart gw/);
    });

  it('in zh-CN too', async () => {
    const { file } = await setup((home) => leaseHome(home, 'state_db_data_migrations'), 'zh-CN');
    const c = await check(file);
    for (const f of c.json!.findings.filter((x) => x.check === 'platform_down')) {
      expect(f.action).toMatch(/^不要为此重启：它由“.*state_db_data_migrations.*”引起，而重启会让那个问题更糟/);
    }
  });
});

describe('a runtime-lock restart loop while the next start sleeps in the breaker (§5, §9.16)', () => {
  it('is the storm alone: never restarted, nothing read from the dead lives', async () => {
    const { file, config } = await setup(stormHome);
    const c = await check(file);
    expect(c.json!.findings.map((f) => f.check)).toEqual(['respawn_storm']);
    expect(c.json!.findings[0]!.restart).toBe('never');
    const { app, p, r } = await daemon(config);
    expect(r.findings.map((f) => f.check)).toEqual(['respawn_storm']);
    expect(p.got.filter((a) => a.kind !== 'restart').map((a) => a.check)).toEqual(['respawn_storm']);
    expect((await app.audit.read()).filter((x) => x.type === 'restart.begin')).toEqual([]);
  });
});
