// WhatsApp logged out and waiting for a scan: with no registered login, Baileys hands the bridge a QR code, which
// bridge.js prints to bridge.log (bridge.js @00561603: the header line, the code in qrcode-terminal's small mode, then
// `Waiting for scan...`), a new one about every 20 s, until a phone links it (`✅ WhatsApp connected!`). The newest
// complete code is sent to the operator (a picture where the channel takes one); a restart cannot help.
import type { Detector } from '../../evidence.js';
import type { PlatformCheck } from '../../detectors/platform-rule.js';
import type { Finding } from '../../types.js';
import { QR_HEADER } from '../../probes/bridge-log.js';
import { MAX_MODULES, parseQrRows, qrCode, qrRevision } from '../../util/qr-code.js';
import { finding } from '../../detectors/common.js';

const CONNECTED = '✅ WhatsApp connected!';
/**
 * A bridge that waits for a scan writes a new code about every 20 s (after Baileys' last one times out it reconnects
 * and prints more): a code older than this is from a bridge that is gone, and no phone could use it.
 */
export const QR_STALE_MS = 3 * 60_000;

/** The printed code right after the header: the `▄` border and the rows that follow it, when complete. */
export function newestQr(
  section: readonly string[] | undefined,
): { rows: string[]; modules: boolean[][]; after: string[] } | undefined {
  if (!section?.length || section[0]!.trim() !== QR_HEADER) return undefined;
  const border = section[1];
  // A row is a side column, the modules and a side column: anything longer is not a code (and is not looked at further).
  if (border === undefined || border.length > MAX_MODULES + 2) return undefined;
  // Two modules a text row, the last row's lower half padding (a code's module count is odd).
  const count = (border.length - 2 + 1) / 2;
  const rows = section.slice(1, 2 + count);
  const modules = parseQrRows(rows);
  return modules && { rows, modules, after: section.slice(2 + count) };
}

const qrLogin: Detector = {
  check: 'whatsapp_qr_login',
  detect(ev, s): Finding[] {
    const log = ev.hermes?.whatsappBridge;
    const qr = newestQr(log?.qr);
    // A code cut short (still being written, or the bridge died printing it) is never sent; scanned, it is over.
    if (!log || !qr || qr.after.some((l) => l.trim() === CONNECTED)) return [];
    const n = qr.modules.length;
    // No new code for a while and no scan: the bridge is gone, WhatsApp still unlinked. Not a recovery: the incident
    // closes quietly (only the connected line says Recovered), and the code, of no use to any phone, goes nowhere.
    if (ev.now - log.mtimeMs > QR_STALE_MS) {
      const f = finding(ev, s, {
        check: 'whatsapp_qr_login',
        severity: 'critical',
        restart: 'never',
        platform: 'whatsapp',
        params: { modules: n },
        evidence: [],
      });
      return [{ ...f, lapsed: true }];
    }
    const waiting = qr.after.find((l) => l.trim() === 'Waiting for scan...');
    return [
      {
        ...finding(ev, s, {
          check: 'whatsapp_qr_login',
          severity: 'critical',
          restart: 'never',
          platform: 'whatsapp',
          params: { modules: n },
          // The rows stay out of the evidence: it is saved with the incident and written to the audit log.
          evidence: [
            `${log.file}: ${QR_HEADER} [QR code ${n}×${n}]`,
            ...(waiting ? [`${log.file}: ${waiting.trim()}`] : []),
          ],
        }),
        qr: qrCode(qr.rows, qr.modules),
        revision: qrRevision(qr.rows),
      },
    ];
  },
};

/** The login QR code is the way out of a logout: it says what to do now, the logout only what happened. */
export const qrChecks: PlatformCheck[] = [{ ...qrLogin, before: 'platform_auth_failed' }];
