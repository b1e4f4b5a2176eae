// One legend, one meaning (issue 51 item 4): /status's strip of the last 24 hours (of them, the time watched) is drawn
// from the same history, with the same marks and the same legend, as /uptime's strip and picture. A healthy young
// gateway is up where it ran and blank before (never "partly down"); a gateway its operator stopped is not drawn down,
// as /uptime does not count it down. The demo gateway, a real process; the app's clock runs ahead of the wall clock.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { EVALUATION_EVERY_MS, until, where } from '../helpers/until.js';
import { stopDemo } from '../../src/demo/index.js';
import { clockAt } from '../helpers/clock.js';
import { t } from '../../src/i18n.js';
import type { Reply } from '../../src/types.js';
import { freePort } from '../helpers/ports.js';
import { closeScenes, scene, type Scene } from '../helpers/story-scene.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A probe below is often a whole evaluation: not more often than that may run. */
const slow = { timeoutMs: 45_000, everyMs: EVALUATION_EVERY_MS };
const HOUR = 3_600_000;

/** The strip's rows: `name |cells|`. */
const rows = (r: Reply) =>
  (r.code ?? [])
    .join('\n')
    .split('\n')
    .filter((l) => /\|.*\|$/.test(l));
const cells = (row: string) => row.slice(row.indexOf('|') + 1, -1);

describe('/status and /uptime draw one strip', () => {
  it('a young healthy gateway is up, never partly down; a stopped one is not down; one legend', async () => {
    let ahead = 0;
    h = await startHarness({ demo: true, start: false, appOptions: { clock: clockAt(() => Date.now() + ahead) } });
    await until(
      'a healthy demo',
      where(
        () => h!.app.core.evaluate('demo'),
        (r) =>
          r.findings.length === 0 &&
          r.evidence.process.alive &&
          // Its platforms reported, every one connected (a state file written before any is reported lists none).
          Object.values(r.evidence.state?.platforms ?? {}).length >= 2 &&
          Object.values(r.evidence.state?.platforms ?? {}).every((p) => p?.state === 'connected'),
      ),
      slow,
    );
    // Judged once more now that it is up: the look that saw it connected may have been judged before the file said so.
    await h.app.core.evaluate('demo');
    const status = (await h.say('/status demo'))[0]!;
    const uptime = (await h.say('/uptime demo'))[0]!;
    const young = rows(status);
    expect(young.length).toBeGreaterThan(0);
    for (const row of young) {
      // Drawn over the time watched only: up where it ran, nothing known before it started.
      expect(cells(row)).toMatch(/^ *█+$/);
    }
    // The same legend under both strips.
    const legend = t('en', 'uptime.legend');
    expect(status.code!.join('\n')).toContain(legend);
    expect(uptime.code!.join('\n')).toContain(legend);

    // Stopped by its operator for two hours: /uptime counts none of it down, and /status does not draw it down.
    expect((await stopDemo(h.hermesHome)).ok).toBe(true);
    expect((await h.app.core.evaluate('demo')).operatorStoppedAt).toBeDefined();
    ahead = 2 * HOUR;
    expect((await h.app.core.evaluate('demo')).operatorStoppedAt).toBeDefined();
    const stopped = (await h.say('/status demo'))[0]!;
    const counted = (await h.say('/uptime demo'))[0]!;
    expect(counted.lines?.[0]).toMatch(/down 0s|100%/);
    for (const row of rows(stopped)) expect(cells(row)).not.toMatch(/[·▄▒]/);
    // Up while it ran, blank from the stop on: the marks of /uptime's legend, where stopped is blank.
    for (const row of rows(stopped)) expect(cells(row)).toMatch(/^ *█+ *$/);
  });
});

// Issue 61 items 3 and 4: the strip tells the same story as the status beside it. Its last cell is the state now (a
// gateway back after a longer outage ends up, partly down, never down beside ✅), and it covers only the time watched:
// a daemon one minute old draws that minute, not 23 blank hours before it. The app on the test's clock, a real
// gateway process; the service manager's own restart brings it back (gatewatch's automatic restarts off).
describe('the strip and the status beside it', () => {
  afterEach(closeScenes);

  const strip = async (s: Scene, command: string) => {
    const [r] = await s.h.say(command);
    return { r: r!, rows: rows(r!).map(cells) };
  };

  it('back after an outage longer than the time up: ✅ healthy, and the strip ends up', async () => {
    const s = await scene({ qqPort: await freePort(), config: { remediate: { auto_restart: false } } });
    await s.look(20_000);
    await s.kill();
    await s.look(1_000);
    await s.look(5 * 60_000);
    await s.revive();
    await s.look(5_000);
    const { r, rows: status } = await strip(s, '/status');
    expect(r.title).toBe('default: healthy');
    expect(status.length).toBeGreaterThan(0);
    for (const row of status) expect(row.at(-1), row).toMatch(/[█▄]/);
    for (const row of (await strip(s, '/uptime')).rows) expect(row.at(-1), row).toMatch(/[█▄]/);
  }, 60_000);

  it('one minute after the daemon started: /status and /uptime draw that minute, none of it unwatched', async () => {
    const s = await scene({ qqPort: await freePort() });
    await s.look(1_000);
    await s.look(60_000);
    for (const command of ['/status', '/uptime']) {
      const { r, rows: drawn } = await strip(s, command);
      expect(drawn.length, command).toBeGreaterThan(0);
      for (const row of drawn) expect(row, `${command}: ${row}`).toMatch(/^█+$/);
      if (command === '/status') expect(r.code!.join('\n')).not.toContain(t('en', 'status.timeline'));
    }
  }, 60_000);
});
