// A stuck session is deleted only with no gateway of the home running (hermes-gateway-current.md §9.15, §9.19): the
// stop is waited out for every gateway serving the home, not only the one the look /fix acted on saw. Here the look saw
// none (no pid record, as a gateway started by hand before it wrote one), and the gateway the stop ends takes a while
// to drain; on 139c1da4 `hermes sessions delete` ran while it still did.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteStuckSession } from '../../src/actions/delete-session.js';
import { systemClock } from '../../src/util/clock.js';
import { cleanup, makeTarget, spawnIdle, tempDir, writeExecutable } from '../helpers/probe-procs.js';
import { until } from '../helpers/until.js';

afterEach(cleanup);

const SESSION = '20260921_100200_ab12cd';

/** A gateway of `home` that, told to stop, says so in `marks` and drains for a moment before it exits. */
const DRAINS = `const fs = require('fs');
process.on('SIGTERM', () => { fs.appendFileSync(process.env.MARKS, 'term\\n'); setTimeout(() => process.exit(0), 1500); });
fs.appendFileSync(process.env.MARKS, 'up\\n');
setInterval(() => {}, 1000);`;

describe('deleting a stuck session', () => {
  it('waits out the stop of a gateway the look did not see, then deletes', async () => {
    const home = path.join(await tempDir('gw-delete-session-'), '.hermes');
    const marks = path.join(home, 'marks');
    await writeExecutable(path.join(home, 'logs', '.keep'), '');
    const gw = spawnIdle(
      ['gateway', 'run'],
      { ...process.env, HERMES_HOME: home, MARKS: marks },
      process.execPath,
      DRAINS,
    );
    await until('the gateway up', () => readMarks(marks).includes('up'), { timeoutMs: 30_000 });
    const stop = path.join(home, 'stop.cjs');
    await writeExecutable(stop, `process.kill(${gw.pid}, 'SIGTERM');`);
    const hermes = path.join(home, 'hermes.cjs');
    await writeExecutable(
      hermes,
      `let alive = false; try { process.kill(${gw.pid}, 0); alive = !/\\) Z /.test(require('fs').readFileSync('/proc/${gw.pid}/stat', 'utf8')); } catch {}
require('fs').appendFileSync(${JSON.stringify(marks)}, 'delete ' + process.argv.slice(2).join(' ') + (alive ? ' (gateway alive)' : '') + '\\n');`,
    );
    const target = makeTarget(home, {
      hermes_cli: [process.execPath, hermes],
      service: { manager: 'command', scope: 'user', stop: [process.execPath, stop] },
    });
    const r = await deleteStuckSession(target, { manager: 'command' }, undefined, SESSION, { clock: systemClock });
    expect(r).toMatchObject({ ok: true });
    expect(readMarks(marks)).toEqual(['up', 'term', `delete sessions delete ${SESSION} --yes`]);
  });
});

function readMarks(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').trim().split('\n');
  } catch {
    return [];
  }
}
