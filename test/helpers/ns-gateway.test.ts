// A contained gateway goes with the process that started it, however that process ends: a test worker killed by a
// timeout or a signal runs no cleanup, and a namespace left behind would serve its home on this host for good.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, probeProcess } from '../../src/probes/process.js';
import { containerUnavailable, written } from './ns-gateway.js';
import { cleanup, exited, makeTarget, tempDir, trackPid } from './probe-procs.js';
import { until } from './until.js';

afterEach(cleanup);

const helper = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ns-gateway.ts');

describe.skipIf(containerUnavailable())('a gateway in its own PID namespace', () => {
  it('dies with the process that started it, SIGKILLed without a cleanup', async () => {
    const home = await tempDir();
    const starter = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { container } from ${JSON.stringify(helper)}; container(process.argv[1]); setInterval(() => {}, 1e6);`,
        home,
      ],
      { stdio: 'ignore' },
    );
    trackPid(starter.pid!);
    await written(home);
    const ev = await probeProcess(makeTarget(home));
    expect(ev).toMatchObject({ alive: true, nsPid: expect.any(Number) });
    starter.kill('SIGKILL');
    await exited(starter);
    await until('the contained gateway is gone', async () => !(await isAlive(ev.pid!)));
  });
});
