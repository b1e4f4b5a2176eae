// Advice through /fix (issue 33): Telegram's v0.21.3 polling regression is fixed by an update or a rollback, which
// only the operator can do (hermes-gateway-current.md §9.3). /fix lists it as advice; `/fix 1` says the steps at once
// (nothing runs, so nothing to confirm), in the reader's language, and audits that it was read; a viewer and a
// stranger are refused like every /fix; no restart is spent.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';
import { FIX_OPERATORS, fixChat, troubledGateway } from '../helpers/fix-scenes.js';
import { formatAsctime } from '../../src/demo/hermes-log.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await cleanup();
});

const { say, text } = fixChat(() => h!);
const A = 'hermes_plugins.telegram_platform.adapter';
const DEGRADED =
  '[Telegram] Telegram polling degraded (polling progress verifier: general path healthy but getUpdates stalled); gateway stays alive and will retry. Error: getUpdates made no progress before verifier deadline';

function stalledLog(now: number): string {
  const at = (agoS: number) => formatAsctime(now - agoS * 1000);
  return (
    [
      `${at(400)} INFO gateway.run: Starting Hermes Gateway...`,
      `${at(398)} INFO gateway.run: ✓ telegram connected`,
      `${at(398)} INFO gateway.run: Gateway running with 1 platform(s)`,
      `${at(120)} WARNING ${A}: ${DEGRADED}`,
      `${at(60)} WARNING ${A}: ${DEGRADED}`,
      `${at(20)} WARNING ${A}: ${DEGRADED}`,
    ].join('\n') + '\n'
  );
}

describe('/fix on advice only', () => {
  it.each([
    [
      'en',
      'Fix 1 on demo is advice: gatewatch runs nothing for it.',
      'update Hermes past the v0.21.3 polling regression',
    ],
    ['zh-CN', 'demo 的修复 1 是建议：gatewatch 不会为它执行任何操作。', 'v0.21.3 轮询回归之后的版本'],
  ] as const)(
    '%s: lists the update-or-rollback, says it on /fix 1 without a confirmation, audits it, spends nothing',
    async (locale, title, step) => {
      const home = path.join(await tempDir('gw-fix-advice-'), '.hermes');
      mkdirSync(path.join(home, 'logs'), { recursive: true });
      await troubledGateway(home, { log: stalledLog(Date.now()), platforms: { telegram: 'connected' } });
      h = await startHarness({
        start: false,
        config: { locale, operators: FIX_OPERATORS },
        target: {
          name: 'demo',
          hermes_home: home,
          platforms: ['telegram'],
          service: { manager: 'command', restart: [process.execPath, '-e', 'process.exit(9)'] },
        },
      });
      const r = await h.app.core.evaluate('demo');
      expect(r.findings.find((f) => f.check === 'platform_deaf')).toMatchObject({
        cause: 'telegram_stall_regression',
        restart: 'never',
        remedies: [{ kind: 'advice', advice: 'polling_regression' }],
      });

      expect(text(await say('/fix 1', { senderId: 'ou_victor' }))).toMatch(/viewer|查看者/);
      expect(text(await say('/fix 1', { senderId: 'ou_mallory' }))).toMatch(/not allowed|没有权限/);
      const list = await say('/fix');
      expect(text(list)).toContain(step);
      // Advice runs nothing (issue 55 item 5): no "to run one … confirm" under it, and no button to run it.
      expect(text(list)).not.toMatch(/To run one|confirm/);
      expect(list[0]!.buttons ?? []).toEqual([]);
      const said = (await say('/fix 1'))[0]!;
      expect(said.title).toBe(title);
      expect(text([said])).toContain(step);
      const records = await h.auditRecords();
      expect(records.filter((x) => x.type === 'restart.begin')).toEqual([]);
      const audit = records.filter((x) => x.type.startsWith('fix.'));
      expect(audit.map((x) => x.type)).toEqual(['fix.advice']);
      expect(audit[0]).toMatchObject({ target: 'demo', actor: 'alice', detail: { kind: 'advice' } });
      expect(h.app.core.state.fixes ?? []).toHaveLength(0);
    },
  );
});
