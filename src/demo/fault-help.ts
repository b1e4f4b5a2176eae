// What each demo fault does, in the reader's words. Apart from faults.ts because the demo gateway needs the faults
// but prints none of this: importing it would load both text catalogues on every start of the gateway.
import { t, type TextKey } from '../i18n.js';
import type { Locale } from '../types.js';
import type { DemoFault } from './faults.js';

/** The catalogue's `demo.fault.<name>`. */
export function faultHelp(locale: Locale, name: DemoFault): string {
  return t(locale, `demo.fault.${name}` satisfies TextKey);
}
