// Where the demo's scripts are, in a module of its own: the chat commands ask it on every /help (is a demo watched?)
// and must not load the demo's supervisor and its text catalogues for that.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A compiled demo script (`gateway`, `ctl`, `is-active`) beside this module, or in dist/ when running from source. */
export function demoScriptPath(name: 'gateway' | 'ctl' | 'is-active'): string {
  const self = fileURLToPath(import.meta.url);
  const here = path.dirname(self);
  return self.endsWith('.ts') ? path.resolve(here, '../../dist/src/demo', `${name}.js`) : path.join(here, `${name}.js`);
}
