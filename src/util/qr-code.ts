// A WhatsApp login QR code as the bridge prints it, read back into its modules. The format: NousResearch/hermes-agent
// scripts/whatsapp-bridge/bridge.js @00561603 prints Baileys' `qr` with qrcode-terminal's `generate(qr, {small:true})`
// (gtanner/qrcode-terminal lib/main.js, small mode): two module rows per text row, a filled half is a LIGHT module
// (drawn for a dark terminal): `█` light/light, `▀` light/dark, `▄` dark/light, ` ` dark/dark. The top border is a row of
// `▄` (a light quiet row under the terminal's dark), each row starts and ends with `█` (a light quiet column), and a
// QR's module count is always odd, so the last row's lower half is a light padding row and no bottom border follows.
// The code is a login credential for as long as it is shown: toJSON() hides it from every file, log and socket.
import { createHash } from 'node:crypto';
import type { QrCode } from '../types.js';

/** What no state, outbox or audit file, log line or control answer may hold instead of the code. */
export const QR_PLACEHOLDER = '[QR code]';
/** QR version 40 is 177 modules wide: a wider "border" is not a QR code (a hostile or garbled log). */
export const MAX_MODULES = 177;

const TOP = '\u2584';
const SIDE = '\u2588';
/** [upper light, lower light] per character. */
const HALVES: Record<string, [boolean, boolean]> = {
  '\u2588': [true, true],
  '\u2580': [true, false],
  '\u2584': [false, true],
  ' ': [false, false],
};

/** Rows of one complete printed code (border first) → its dark modules, n×n; undefined when the rows are not one. */
export function parseQrRows(rows: readonly string[]): boolean[][] | undefined {
  const border = rows[0];
  if (
    border === undefined ||
    border.length < 23 ||
    border.length > MAX_MODULES + 2 ||
    border !== TOP.repeat(border.length)
  )
    return undefined;
  const n = border.length - 2;
  // Versions 1–40: 21, 25, … 177 modules.
  if ((n - 21) % 4 !== 0) return undefined;
  const body = rows.slice(1);
  if (body.length !== (n + 1) / 2) return undefined;
  const dark: boolean[][] = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  for (const [k, row] of body.entries()) {
    if (row.length !== n + 2 || row[0] !== SIDE || row[n + 1] !== SIDE) return undefined;
    for (let c = 0; c < n; c++) {
      const h = HALVES[row[c + 1]!];
      if (!h) return undefined;
      dark[2 * k]![c] = !h[0];
      if (2 * k + 1 < n) dark[2 * k + 1]![c] = !h[1];
    }
  }
  return dark;
}

/** A code as carried from the detector to the channels: its rows as printed, its modules, a placeholder in JSON. */
export function qrCode(rows: readonly string[], modules: boolean[][]): QrCode {
  return { rows: [...rows], modules, toJSON: () => QR_PLACEHOLDER };
}

/** The code itself, when `x` is one (not the placeholder a file or another process handed back). */
export function liveQr(x: unknown): QrCode | undefined {
  const q = x as QrCode | undefined;
  return q && typeof q === 'object' && Array.isArray(q.rows) && Array.isArray(q.modules) ? q : undefined;
}

/** Tells one printed code from the next (Baileys refreshes it every ~20 s) without keeping the code. */
export function qrRevision(rows: readonly string[]): string {
  return createHash('sha256').update(rows.join('\n')).digest('hex').slice(0, 12);
}
