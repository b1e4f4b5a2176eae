// A command held to the files' permission bits, wherever the test runs. Root reads any file (CAP_DAC_OVERRIDE and
// CAP_DAC_READ_SEARCH), so as root the command runs without those two capabilities in its bounding set (util-linux's
// setpriv): still root, so it still reaches the built CLI wherever the clone is (root's own home is mode 0700, where
// another user such as uid 65534 could not even load it), but a file of mode 000 is refused to it as to anyone.
import { existsSync } from 'node:fs';

const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));

/** `argv` as a program and its arguments that file modes hold to; as root it needs setpriv (Debian's util-linux). */
export function heldToFileModes(argv: readonly string[]): { file: string; args: string[] } {
  const [file, ...args] = argv;
  if (!file) throw new Error('heldToFileModes: no command');
  if (process.getuid?.() !== 0) return { file, args };
  if (!SETPRIV) throw new Error('running as root, a test of an unreadable file needs setpriv (util-linux)');
  return { file: SETPRIV, args: ['--bounding-set=-dac_override,-dac_read_search', '--', file, ...args] };
}
