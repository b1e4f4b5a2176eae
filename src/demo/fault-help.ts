// What each demo fault does, in the reader's words: the catalogue's, or the words a Hermes platform registered for its
// own fault. Apart from faults.ts: the demo gateway needs the faults but prints none of this.
import { wordKey } from '../i18n.js';
import type { Locale } from '../types.js';
import type { DemoFault } from './faults.js';

/** `demo.fault.<name>`: the catalogue's, or the words a Hermes platform registered for its own fault. */
export function faultHelp(locale: Locale, name: DemoFault): string {
  return wordKey(locale, `demo.fault.${name}`);
}
