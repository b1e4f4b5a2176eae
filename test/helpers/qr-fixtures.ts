// The WhatsApp login QR fixtures: two bridge.log excerpts as bridge.js prints them (test/fixtures/whatsapp-qr/) and the
// module matrices qrcode-terminal drew them from.
import { fixtureText } from './evidence.js';

export const FIRST_QR_LOG = fixtureText('whatsapp-qr/first.log');
export const REFRESHED_QR_LOG = fixtureText('whatsapp-qr/refreshed.log');

/** The printed rows of a QR block: the half-block lines, border included. */
export const qrRowsOf = (block: string): string[] => block.split('\n').filter((l) => /^[▄█]/.test(l));

/** The first fixture's printed rows. */
export const FIRST_QR_ROWS = qrRowsOf(FIRST_QR_LOG);

/** A fixture's module matrix (`#` dark), as qrcode-terminal 0.12.0 drew it. */
export const qrModulesOf = (name: 'first' | 'refreshed'): boolean[][] =>
  fixtureText(`whatsapp-qr/${name}.modules.txt`)
    .trim()
    .split('\n')
    .map((l) => [...l].map((c) => c === '#'));
