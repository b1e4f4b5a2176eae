// Issue 82 item 4: down after a boot is not an operator's stop. A `[program:hermes]` with `autostart=false` is left
// down whenever supervisord starts (a boot, its own restart): `supervisorctl status` says `STOPPED   Not started`,
// which main read as the operator's stop (quiet, "stopped by the operator"). Under the real supervisord, in its own
// file and as Debian installs it (the program in conf.d): down, said critical with the setting that keeps it down; once
// started, the setting said once as a risk; stopped through supervisorctl, the operator's stop again. Beside another
// supervisord whose program has the same name (the suite's own runs showed it), each program's keys are its own.
import { afterEach, describe, expect, it } from 'vitest';
import { gatewatch } from '../../helpers/cli-run.js';
import { available, supervised, type Supervised, watchConfig } from '../../helpers/supervised.js';
import { until } from '../../helpers/until.js';

const live: Supervised[] = [];
afterEach(async () => {
  for (const s of live.splice(0)) await s.stop();
});

interface Found {
  check: string;
  cause?: string;
  severity: string;
  title: string;
  action: string;
}

describe.runIf(available.supervisord)('supervisord’s `autostart=false`', () => {
  it.each([
    ['its own file', {}],
    ["Debian's conf.d", { debian: true }],
  ])('%s: down since supervisord began is said, not taken for a stop', { timeout: 180_000 }, async (_name, o) => {
    // Another supervisord on the host with a program of the same name, started first: its keys are not this one's.
    live.push(await supervised('supervisord'));
    const s = await supervised('supervisord', {
      ...o,
      supervisordOptions: ['startsecs=3', 'startretries=3', 'autostart=false'],
    });
    live.push(s);
    expect((await s.ctl('status')).stdout).toMatch(/STOPPED\s+Not started/);
    const config = await watchConfig(s);
    const check = async () => {
      const r = await gatewatch(['check', '--json', '--config', config], { spawn: true });
      return { code: r.code, findings: JSON.parse(r.stdout).findings as Found[] };
    };
    const down = await check();
    const risk = down.findings.find((f) => f.check === 'supervisor_risk' && f.cause === 'no_autostart');
    expect(risk?.action).toBe('Set `autostart=true` in `[program:hermes]`, then `supervisorctl update`. Said once.');
    const critical = down.findings.filter((f) => f.severity === 'critical');
    expect(critical.length, JSON.stringify(down.findings)).toBeGreaterThan(0);
    expect(down.code).toBe(2);
    const status = await gatewatch(['status', '--config', config], { spawn: true });
    expect(status.stdout).not.toContain('stopped by the operator');

    // Started: the setting still said once as a risk, nothing else.
    expect((await s.ctl('start')).code).toBe(0);
    const up = await until('running', async () => {
      const c = await check();
      return c.findings.every((f) => f.check === 'supervisor_risk') ? c : undefined;
    });
    expect(up.findings.map((f) => f.cause)).toEqual(['no_autostart']);

    // Stopped through supervisorctl: the operator's stop, quiet.
    expect((await s.ctl('stop')).code).toBe(0);
    const stopped = await until('the stop read', async () => {
      const c = await check();
      return c.findings.every((f) => f.severity !== 'critical') ? c : undefined;
    });
    expect(stopped.findings.filter((f) => f.check !== 'supervisor_risk')).toEqual([]);
  });
});
