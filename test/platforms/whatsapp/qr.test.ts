// WhatsApp waiting for a QR scan (bridge.log, the bridge's exact output: the header, qrcode-terminal's small-mode rows,
// `Waiting for scan...`): the newest complete code is found, read back into its modules, and kept out of JSON. Real
// files read by the real probe; the fixtures were printed by qrcode-terminal 0.12.0 itself.
import { appendFile, mkdir, utimes, writeFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HermesEvidence } from '../../../src/evidence.js';
import { readBridgeLog } from '../../../src/probes/bridge-log.js';
import { runDetectors } from '../../../src/detectors/index.js';
import { liveQr, parseQrRows, QR_PLACEHOLDER } from '../../../src/util/qr-code.js';
import { buildEvidence, SETTINGS, stateFile } from '../../helpers/evidence.js';
import { FIRST_QR_LOG, qrModulesOf, qrRowsOf, REFRESHED_QR_LOG } from '../../helpers/qr-fixtures.js';

const FIRST = FIRST_QR_LOG;
const REFRESHED = REFRESHED_QR_LOG;
const rowsOf = qrRowsOf;
const modulesOf = qrModulesOf;

const V: HermesEvidence['version'] = {
  version: '0.21.3',
  sha: '00067189dfec',
  source: 'state_file',
  generation: 'current',
  restampsUpdatedAt: false,
};
const BEFORE =
  '🌉 WhatsApp bridge listening on port 3000 (mode: bot)\n❌ Logged out. Delete session and restart to re-authenticate.\n';

async function judge(log: string | ((file: string) => Promise<void>), o: { mtime?: number } = {}) {
  const home = mkdtempSync(path.join(os.tmpdir(), 'gw-qr-'));
  const file = path.join(home, 'platforms', 'whatsapp', 'bridge.log');
  await mkdir(path.dirname(file), { recursive: true });
  if (typeof log === 'string') await writeFile(file, log);
  else await log(file);
  if (o.mtime !== undefined) await utimes(file, o.mtime / 1000, o.mtime / 1000);
  const bridge = await readBridgeLog(home);
  const ev = buildEvidence({
    state: stateFile('running', { telegram: 'connected', whatsapp: 'connected' }),
    overrides: { hermes: { version: V, ...(bridge ? { whatsappBridge: bridge } : {}) } },
  });
  return { bridge, found: runDetectors(ev, SETTINGS).filter((f) => f.check === 'whatsapp_qr_login') };
}

describe('whatsapp_qr_login', () => {
  it('reads qrcode-terminal small-mode rows back into the exact module matrix', () => {
    for (const [name, log] of [
      ['first', FIRST],
      ['refreshed', REFRESHED],
    ] as const)
      expect(parseQrRows(rowsOf(log))).toEqual(modulesOf(name));
  });

  const cases: { name: string; log: string; expect: 'first' | 'refreshed' | 'none' }[] = [
    { name: 'a printed code', log: BEFORE + FIRST, expect: 'first' },
    { name: 'a refreshed code: the newest wins', log: BEFORE + FIRST + REFRESHED, expect: 'refreshed' },
    {
      name: 'the newest code cut short: nothing (never a broken code)',
      log: BEFORE + FIRST + REFRESHED.split('\n').slice(0, 15).join('\n') + '\n',
      expect: 'none',
    },
    {
      name: 'connected after the code: scanned, over',
      log: BEFORE + FIRST + '✅ WhatsApp connected!\n',
      expect: 'none',
    },
    {
      name: 'connected long after, past other output',
      log: BEFORE + FIRST + 'x\n'.repeat(500) + '✅ WhatsApp connected!\n',
      expect: 'none',
    },
    {
      name: 'connected before a new code: the new code counts',
      log: BEFORE + FIRST + '✅ WhatsApp connected!\n' + REFRESHED,
      expect: 'refreshed',
    },
    { name: 'no code at all', log: BEFORE, expect: 'none' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { found } = await judge(c.log);
      if (c.expect === 'none') return expect(found).toEqual([]);
      expect(found).toHaveLength(1);
      const f = found[0]!;
      expect(f).toMatchObject({ severity: 'critical', restart: 'never', platform: 'whatsapp' });
      expect(f.title).toBe('WhatsApp is logged out: scan the QR code to link it again');
      expect(f.action).toMatch(/Linked devices → Link a device, and scan this QR code/);
      const qr = liveQr(f.qr)!;
      expect(qr.rows).toEqual(rowsOf(c.expect === 'first' ? FIRST : REFRESHED));
      expect(qr.modules).toEqual(modulesOf(c.expect));
      // The code is a credential: JSON (state.json, outbox.json, audit, pino) holds a placeholder, and the evidence none.
      const json = JSON.stringify(f);
      expect(json).toContain(`"qr":"${QR_PLACEHOLDER}"`);
      for (const row of qr.rows.slice(1)) expect(json).not.toContain(row);
      expect(f.evidence.join('\n')).not.toMatch(/[▀▄█]/);
    });
  }

  it('a code nothing followed for minutes is from a bridge that is gone: a lapsed finding (no code), not a recovery', async () => {
    // buildEvidence's `now` is a minute after the (empty) gateway log's last record: Date.now() + 60 s.
    const fresh = (await judge(BEFORE + FIRST, { mtime: Date.now() + 60_000 - 2 * 60_000 })).found;
    expect(fresh).toHaveLength(1);
    expect(fresh[0]!.lapsed).toBeUndefined();
    const stale = (await judge(BEFORE + FIRST, { mtime: Date.now() + 60_000 - 4 * 60_000 })).found;
    expect(stale).toHaveLength(1);
    expect(stale[0]).toMatchObject({ lapsed: true, evidence: [] });
    expect(stale[0]!.qr).toBeUndefined();
    expect(stale[0]!.revision).toBeUndefined();
    // It hides no cause the fresh code beats (what the logged-out bridge's lines say is judged as without a code).
    const others = async (log: string, mtime: number) => {
      const home = mkdtempSync(path.join(os.tmpdir(), 'gw-qr-'));
      const file = path.join(home, 'platforms', 'whatsapp', 'bridge.log');
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, log);
      await utimes(file, mtime / 1000, mtime / 1000);
      const bridge = await readBridgeLog(home);
      const ev = buildEvidence({
        state: stateFile('running', {
          telegram: 'connected',
          whatsapp: { state: 'retrying', error_code: 'whatsapp_bridge_exited', error_message: 'failed to reconnect' },
        }),
        overrides: { hermes: { version: V, ...(bridge ? { whatsappBridge: bridge } : {}) } },
      });
      return runDetectors(ev, SETTINGS)
        .filter((f) => !f.lapsed)
        .map((f) => `${f.check}:${f.platform ?? ''}`);
    };
    const old = Date.now() + 60_000 - 4 * 60_000;
    const without = await others(BEFORE, old);
    expect(without.some((c) => c.endsWith(':whatsapp'))).toBe(true);
    expect(await others(BEFORE + FIRST, old)).toEqual(without);
    // Scanned: no finding at all, which the incident machine announces as Recovered.
    expect(
      (await judge(BEFORE + FIRST + '✅ WhatsApp connected!\n', { mtime: Date.now() + 60_000 - 4 * 60_000 })).found,
    ).toEqual([]);
  });

  it('a new code is a new revision; the same code the same one', async () => {
    const a = (await judge(BEFORE + FIRST)).found[0]!;
    const b = (await judge(BEFORE + FIRST + REFRESHED)).found[0]!;
    const a2 = (await judge(BEFORE + REFRESHED + FIRST)).found[0]!;
    expect(a.revision).toMatch(/^[0-9a-f]{12}$/);
    expect(b.revision).not.toBe(a.revision);
    expect(a2.revision).toBe(a.revision);
  });

  it('a hostile 10 MB line (a "border" that never ends) is read bounded and is no code', async () => {
    const { bridge, found } = await judge(async (file) => {
      await writeFile(file, BEFORE + '📱 Scan this QR code with WhatsApp on your phone:\n');
      await appendFile(file, '▄'.repeat((10 * 1024 * 1024) / 3));
      await appendFile(file, '\n█ x █\n');
    });
    expect(found).toEqual([]);
    // Only the end of the file is read: the giant line is cut to the window, the header before it is not even seen.
    const chars = [...(bridge!.qr ?? []), ...bridge!.tail].reduce((n, l) => n + l.length, 0);
    expect(chars).toBeLessThan(128 * 1024);
  });

  it('a giant line between the header and a code is no code either, and a code after it still counts', async () => {
    const { found } = await judge(
      BEFORE + '📱 Scan this QR code with WhatsApp on your phone:\n' + '▄'.repeat(2000) + '\n' + REFRESHED,
    );
    expect(liveQr(found[0]?.qr)?.rows).toEqual(rowsOf(REFRESHED));
    const cut = await judge(
      BEFORE +
        '📱 Scan this QR code with WhatsApp on your phone:\n' +
        '▄'.repeat(2000) +
        '\n' +
        '█'.repeat(2000) +
        '\n',
    );
    expect(cut.found).toEqual([]);
  });
});

describe('whatsapp_qr_login beside the logout', () => {
  it('is the one WhatsApp finding while the code waits (the logout before it says what happened, the code what to do)', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-qr-'));
    const file = path.join(home, 'platforms', 'whatsapp', 'bridge.log');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, BEFORE + FIRST);
    const bridge = await readBridgeLog(home);
    const ev = buildEvidence({
      state: stateFile('running', {
        telegram: 'connected',
        whatsapp: {
          state: 'retrying',
          error_code: 'whatsapp_bridge_exited',
          error_message: 'WhatsApp bridge process exited unexpectedly (code 1).',
        },
      }),
      overrides: { hermes: { version: V, whatsappBridge: bridge! } },
    });
    const whatsapp = runDetectors(ev, SETTINGS).filter((f) => f.platform === 'whatsapp');
    expect(whatsapp.map((f) => f.check)).toEqual(['whatsapp_qr_login']);
  });
});
