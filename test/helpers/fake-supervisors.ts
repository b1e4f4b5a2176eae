// Fake `systemctl`, `launchctl`, `ps` and `pkill` executables, first on PATH: each records its argv and answers from files
// the test writes (<name>.<verb>.out / .err / .rc), like the real tools do on stdout, stderr and the exit code.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tempDir, writeExecutable } from './probe-procs.js';

const SCRIPT = `#!/bin/sh
name=$(basename "$0")
line=""
for a in "$@"; do line="$line[$a]"; done
echo "$line" >> "$FAKE_DIR/$name.calls"
verb=other
for a in "$@"; do case "$a" in -*) ;; *) verb="$a"; break;; esac; done
[ -f "$FAKE_DIR/$name.$verb.out" ] && cat "$FAKE_DIR/$name.$verb.out"
[ -f "$FAKE_DIR/$name.$verb.err" ] && cat "$FAKE_DIR/$name.$verb.err" >&2
rc=0
[ -f "$FAKE_DIR/$name.$verb.rc" ] && rc=$(cat "$FAKE_DIR/$name.$verb.rc")
exit $rc
`;

export interface Fakes {
  dir: string;
  /** Host env: the fake bin dir first on PATH. */
  env: NodeJS.ProcessEnv;
  answer(tool: string, verb: string, a: { out?: string; err?: string; rc?: number }): Promise<void>;
  /** Each call's argv, as arrays. */
  calls(tool: string): Promise<string[][]>;
}

export async function makeFakes(): Promise<Fakes> {
  const dir = await tempDir('gw-fake-');
  const bin = path.join(dir, 'bin');
  const tools = ['systemctl', 'launchctl', 'pkill', 'ps', 'journalctl'];
  for (const t of tools) await writeExecutable(path.join(bin, t), SCRIPT);
  // Keep /bin and /usr/bin for sh, cat and node; the fakes shadow the real tools.
  const env = {
    ...process.env,
    PATH: [bin, path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter),
    FAKE_DIR: dir,
  };
  return {
    dir,
    env,
    async answer(tool, verb, a) {
      const base = path.join(dir, `${tool}.${verb}`);
      if (a.out !== undefined) await writeFile(`${base}.out`, a.out);
      if (a.err !== undefined) await writeFile(`${base}.err`, a.err);
      if (a.rc !== undefined) await writeFile(`${base}.rc`, String(a.rc));
    },
    async calls(tool) {
      let text = '';
      try {
        text = await readFile(path.join(dir, `${tool}.calls`), 'utf8');
      } catch {
        return [];
      }
      return text
        .split('\n')
        .filter(Boolean)
        .map((l) => [...l.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]!));
    },
  };
}
