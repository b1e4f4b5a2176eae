// Every probe and service command runs through runCommand: argv only (no shell), no stdin, the host's environment only
// in the C locale, its output with the final newline stripped, bounded by its timeout, and never a throw. It ran
// through execa, and runs on node:child_process alone now (issue 56): what it answers must be what execa answered.
import { describe, expect, it } from 'vitest';
import { hostOf, runCommand } from '../../src/probes/host.js';

const host = hostOf({ env: { PATH: process.env.PATH, GW_ONLY: 'given' }, timeoutMs: 10_000 });

describe.runIf(process.platform !== 'win32')('runCommand', () => {
  it('gives the exit code and both outputs, each without its final newline (LF or CRLF)', async () => {
    const r = await runCommand(['sh', '-c', 'printf "out\\n"; printf "err\\r\\n" >&2; exit 3'], host);
    expect(r).toMatchObject({ exitCode: 3, stdout: 'out', stderr: 'err', timedOut: false, failure: 'exit code 3' });
    const ok = await runCommand(['sh', '-c', 'printf "a\\n\\n"'], host);
    expect(ok).toMatchObject({ exitCode: 0, stdout: 'a\n', failure: undefined });
  });

  it("runs in the host's environment only, in the C locale, with no stdin, and no shell between", async () => {
    process.env.GW_NOT_GIVEN = 'leaked';
    try {
      const r = await runCommand(['sh', '-c', 'echo "$LC_ALL $LANG $GW_ONLY [$GW_NOT_GIVEN]"; cat'], host);
      expect(r.stdout).toBe('C C given []');
    } finally {
      delete process.env.GW_NOT_GIVEN;
    }
    expect((await runCommand(['echo', '$HOME', '*'], host)).stdout).toBe('$HOME *');
  });

  it('says why a command could not run, or how it died, without throwing', async () => {
    expect(await runCommand(['/nonexistent/gw-probe', 'x'], host)).toMatchObject({
      exitCode: undefined,
      timedOut: false,
      failure: 'could not run gw-probe (ENOENT)',
    });
    expect(await runCommand(['sh', '-c', 'kill -TERM $$'], host)).toMatchObject({
      exitCode: undefined,
      failure: 'killed by SIGTERM',
    });
    expect(await runCommand([], host)).toMatchObject({ failure: 'empty command' });
  });

  it('keeps 4 MB of an endless output and stops the command there, long before its timeout', async () => {
    const r = await runCommand(['yes'], host, 30_000);
    expect(r).toMatchObject({ exitCode: undefined, timedOut: false, failure: 'killed by SIGTERM' });
    // `y\n` over and over, cut at 4 MiB, the final newline stripped as from any output.
    expect(r.stdout.length).toBe(4 * 1024 * 1024 - 1);
    expect(r.durationMs).toBeLessThan(20_000);
  });

  it('stops a command at its timeout', async () => {
    // One that ignores SIGTERM, holding no child that keeps its output open.
    const r = await runCommand(['sh', '-c', 'trap "" TERM; while :; do :; done'], host, 1_000);
    expect(r).toMatchObject({ exitCode: undefined, timedOut: true, failure: 'timed out after 1s' });
    expect(r.durationMs).toBeLessThan(4_000);
  });
});
