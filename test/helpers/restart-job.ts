// A restart of gw for the verification's tests: old pid 10, Feishu and QQ expected, a 90 s window, a supervisor that
// accepts; the clock, the probe and whatever a test changes given.
import { runRestart, type RestartJob } from '../../src/actions/restart.js';

export const restartOf = (clock: RestartJob['clock'], o: Pick<RestartJob, 'probe'> & Partial<RestartJob>) =>
  runRestart({
    target: 'gw',
    actor: 'gatewatch',
    reason: 'r',
    oldPid: 10,
    expectedPlatforms: ['feishu', 'qqbot'],
    verifyTimeoutMs: 90_000,
    clock,
    pollMs: 1_000,
    supervisorRestart: async () => ({ ok: true, detail: '' }),
    ...o,
  });
