// Where the demo's scripts are, in a module of its own: the chat commands ask it on every /help (is a demo watched?)
// and must not load the demo's supervisor and its text catalogues for that.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A demo script beside this module, or in dist/ when running from source: the compiled `gateway` and `ctl`, and the
 * shell script `is-active` (copied there by the build).
 */
export function demoScriptPath(name: 'gateway' | 'ctl' | 'is-active'): string {
  const self = fileURLToPath(import.meta.url);
  const here = path.dirname(self);
  const file = name === 'is-active' ? 'is-active.sh' : `${name}.js`;
  if (self.endsWith('.ts')) return path.resolve(here, '../../dist/src/demo', file);
  // Inlined into a bundle in dist/src (check's one file, which watches the demo a daemon left): the scripts are in demo/.
  return path.basename(here) === 'demo' ? path.join(here, file) : path.join(here, 'demo', file);
}
