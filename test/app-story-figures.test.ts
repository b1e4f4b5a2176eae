// Issue 61, "one true story": every count in a story agrees with the others. The real demo gateway, taken down five
// times in a row by two causes (a SIGKILL, then a SIGTERM, in turns): each cause is an incident of its own, but the
// gateway went down five times, and every alert and /history line that counts its outages says so.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/harness.js';
import { renderText } from '../src/delivery/render-text.js';
import { injectFault, type DemoFault } from '../src/demo/index.js';
import { phone, type Phone } from './helpers/phone.js';
import { EVALUATION_EVERY_MS, until, where } from './helpers/until.js';

const slowPoll = { timeoutMs: 45_000, everyMs: EVALUATION_EVERY_MS };

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Judged healthy by the daemon, and no restart under way. */
const served = (hh: Harness) =>
  until(
    'a healthy gateway',
    where(
      () => hh.app.evaluate('demo'),
      (r) => !hh.app.restartInProgress('demo') && r.findings.length === 0 && r.evidence.process.alive,
    ),
    slowPoll,
  );

/** The `n`th outage: the fault played, then gatewatch's verified restart and the recovery it announces. */
async function outage(hh: Harness, p: Phone, fault: DemoFault, n: number): Promise<void> {
  await injectFault(hh.hermesHome, fault);
  await until(
    `recovery #${n}`,
    async () => (await hh.app.outbox.flush(), p.got.filter((a) => a.kind === 'resolve').length >= n),
    slowPoll,
  );
  await served(hh);
}

describe('the counts of one story agree', () => {
  it('five outages of two causes: each recovery and /history count all five', async () => {
    const p = phone();
    h = await startHarness({
      demo: true,
      channels: [p.ch],
      config: { remediate: { cooldown: '0s', verify_timeout: '30s', max_restarts: 10 } },
    });
    await served(h);
    const faults: DemoFault[] = ['crash', 'sigterm', 'crash', 'sigterm', 'crash'];
    for (const [i, fault] of faults.entries()) await outage(h, p, fault, i + 1);
    await h.app.outbox.flush();

    // The outage each alert opened, and how many each recovery says it was: the gateway's, whatever the cause.
    const said = p.got.filter((a) => a.kind === 'open' || a.kind === 'flap' || a.kind === 'resolve');
    let outages = 0;
    for (const a of said) {
      const text = renderText(a.reply);
      if (a.kind !== 'resolve') {
        outages++;
        const nth = /^Down again \((\d+)\w\w time in 30m\)/.exec(a.reply.title)?.[1];
        if (nth !== undefined) expect(Number(nth), a.reply.title).toBe(outages);
        continue;
      }
      const count = /It went down (\d+) times? in 30m/.exec(text)?.[1];
      if (count !== undefined) expect(Number(count), text).toBe(outages);
    }
    expect(outages).toBe(5);
    // The last recovery is of a cause that went down three times itself: it says five.
    expect(renderText(said.at(-1)!.reply)).toMatch(/It went down 5 times in 30m; up now/);

    const hist = renderText((await h.say('/history 60'))[0]!);
    const counts = [...hist.matchAll(/\((?:went down (\d+) times|down again \((\d+)\w\w time) in 30m\)?/g)].map((m) =>
      Number(m[1] ?? m[2]),
    );
    expect(counts.length).toBeGreaterThan(0);
    expect(Math.max(...counts)).toBe(5);
    expect(hist).toMatch(/recovered after \S+: Gateway died[^\n]*\(went down 5 times in 30m\)/);
  }, 240_000); // five real restarts of the demo on a loaded 2-core machine
});
