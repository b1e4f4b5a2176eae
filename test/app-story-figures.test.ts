// Issue 61, "one true story": every count and duration in a story agrees with the others, to the second. The real
// demo gateway, taken down five times in a row by two causes (a SIGKILL, then a SIGTERM, in turns): each cause is an
// incident of its own, but the gateway went down five times, and every alert and /history line that counts its outages
// says so. A restart story on the test's clock (a real gateway process, its restart a real command): each duration it
// says (verified in, down, detected in, recovered in, back after) is the difference of the clock times it shows.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/harness.js';
import { freePort } from './helpers/ports.js';
import { answer, closeScenes, scene, type Scene } from './helpers/story-scene.js';
import type { Alert, Reply } from '../src/types.js';
import { currentRun, STARTUP_END } from '../src/detectors/run.js';
import { renderText } from '../src/delivery/render-text.js';
import { injectFault, type DemoFault } from '../src/demo/index.js';
import { phone, type Phone } from './helpers/phone.js';
import { EVALUATION_EVERY_MS, until, where } from './helpers/until.js';

const slowPoll = { timeoutMs: 45_000, everyMs: EVALUATION_EVERY_MS };

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await closeScenes();
});

/**
 * Judged healthy by the daemon, no restart under way, and its start over (`Gateway running with N platform(s)` in this
 * run): a start within its grace has no finding yet, and a crash played then is a death at start, another story.
 */
const served = (hh: Harness) =>
  until(
    'a healthy gateway, its start over',
    where(
      () => hh.app.core.evaluate('demo'),
      (r) =>
        !hh.app.core.restartInProgress('demo') &&
        r.findings.length === 0 &&
        r.evidence.process.alive &&
        currentRun(r.evidence).records.some((rec) => STARTUP_END.test(rec.message)),
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
      const count = /The gateway went down (\d+) times? in 30m/.exec(text)?.[1];
      if (count !== undefined) expect(Number(count), text).toBe(outages);
    }
    expect(outages).toBe(5);
    // The last recovery is of a cause that went down three times itself: it says five.
    expect(renderText(said.at(-1)!.reply)).toMatch(/The gateway went down 5 times in 30m; up now/);

    const hist = renderText((await h.say('/history 60'))[0]!);
    const counts = [
      ...hist.matchAll(/\((?:the gateway went down (\d+) times|down again \((\d+)\w\w time) in 30m\)?/g),
    ].map((m) => Number(m[1] ?? m[2]));
    expect(counts.length).toBeGreaterThan(0);
    expect(Math.max(...counts)).toBe(5);
    expect(hist).toMatch(/recovered after \S+: Gateway died[^\n]*\(the gateway went down 5 times in 30m\)/);

    // Each outage's restart story, its durations against its clock times (the real gateway's own, to the millisecond).
    const restarts = p.got.filter((a) => a.kind === 'restart' && /verified in/.test(a.reply.title));
    const recoveries = p.got.filter((a) => a.kind === 'resolve');
    expect(restarts).toHaveLength(5);
    const wrong: string[] = [];
    for (let n = 1; n <= 5; n++) {
      const [incident] = await h.say(`/incident demo-${n}`);
      wrong.push(...disagreements(restarts[n - 1]!, recoveries[n - 1]!, incident!).map((x) => `demo-${n}: ${x}`));
    }
    expect(wrong).toEqual([]);
  }, 240_000); // five real restarts of the demo on a loaded 2-core machine
});

/** `3s`, `1m 5s`, `2h 3m` in seconds. */
function seconds(d: string): number {
  let n = 0;
  for (const [, v, u] of d.matchAll(/(\d+)([dhms])/g)) n += Number(v) * { d: 86_400, h: 3_600, m: 60, s: 1 }[u as 's'];
  return n;
}

/** From one `HH:MM:SS` to another, in seconds (the story lasts less than a day). */
const between = (a: string, b: string) => {
  const at = (x: string) => x.split(':').reduce((n, v) => n * 60 + Number(v), 0);
  return (at(b) - at(a) + 86_400) % 86_400;
};

const lines = (r: Reply) => [r.title, ...(r.fields ?? []).map((f) => `${f.label}: ${f.value}`), ...(r.lines ?? [])];

/** The one match of `re` among the lines, its groups. */
function one(all: string[], re: RegExp): string[] {
  const hits = all.filter((l) => re.test(l));
  expect(hits.length, `${re} in:\n${all.join('\n')}`).toBe(1);
  return re.exec(hits[0]!)!.slice(1);
}

/**
 * Every duration of one restart story against the clock times it shows: the restart's alert, the recovery, and the
 * write-up /incident gives. Returns what disagrees, a line each.
 */
function disagreements(restart: Alert, recovery: Alert, incident: Reply): string[] {
  const out: string[] = [];
  const same = (what: string, said: number, shown: number) => {
    if (said !== shown) out.push(`${what}: says ${said}s, its clock times ${shown}s apart`);
  };
  const [verified] = one([restart.reply.title], /verified in (.+)$/);
  const rec = lines(recovery.reply);
  const [down] = one(rec, /, down (.+)$/);
  const [since] = one(rec, /^since: \S+ (\d\d:\d\d:\d\d)$/);
  const [began, backAt] = one(rec, /^gatewatch: (\d\d:\d\d:\d\d) restarted the gateway, back at (\d\d:\d\d:\d\d)\.$/);
  const [detect, recover] = one(
    rec,
    /^Detected in (.+?) (?:\(first sign → alert\)|\(first sight of it gone → alert;|\(gatewatch saw it gone → alert;|at most:).*recovered in (.+?)(?: \(alert → back\))?\.$/,
  );
  const full = lines(incident);
  const [first] = one(full, /^ {2}(\d\d:\d\d:\d\d) {2}(?:first sign|last sign of life|gatewatch saw it gone)/);
  const [alerted] = one(full, /^ {2}(\d\d:\d\d:\d\d) {2}alert sent$/);
  const [back] = one(full, /^ {2}(\d\d:\d\d:\d\d) {2}back: /);
  const [after] = one([incident.title], / — back after (.+)$/);
  const [downtime] = one(full, /^downtime: (.+)$/);
  if (backAt !== back) out.push(`back at ${backAt} after the restart, back at ${back} in the timeline`);
  if (since !== first) out.push(`since ${since}, first sign at ${first}`);
  same('verified in', seconds(verified!), between(began!, backAt!));
  same('down', seconds(down!), between(since!, back!));
  same('back after', seconds(after!), between(first!, back!));
  same('downtime', seconds(downtime!), between(first!, back!));
  same('detected in', seconds(detect!), between(first!, alerted!));
  same('recovered in', seconds(recover!), between(alerted!, back!));
  return out;
}

describe('the durations of one story agree, to the second', () => {
  it('a kill, the restart, back: every duration is the difference of the clock times shown', async () => {
    const qq = await freePort();
    await answer(qq);
    const s: Scene = await scene({ qqPort: qq, config: { remediate: { cooldown: '0s', verify_timeout: '30s' } } });
    // Its last sign of life late in a second, the look that finds it dead early in the next: 0.4 s apart on the clock,
    // one second apart as the story shows the times.
    await s.clock.advance(1_000 - (s.clock.now() % 1_000) + 700);
    await s.kill();
    await s.clock.advance(400);
    await s.h.app.core.evaluate('default');
    await s.settle();
    // The look after the restart resolves it, or (on a busy box, the new gateway's lines not written yet) one soon after:
    // looks a second apart on the test's clock until it does, however long that takes on the box's.
    const resolved = () => s.p.got.some((a) => a.kind === 'resolve');
    await until('the recovery', async () => resolved() || (await s.look(1_000), resolved()), {
      timeoutMs: 45_000,
      everyMs: 100,
    });
    const restart = s.p.got.find((a) => a.kind === 'restart' && /verified in/.test(a.reply.title));
    const recovery = s.p.got.find((a) => a.kind === 'resolve');
    expect(restart && recovery, s.p.titles().join('\n')).toBeTruthy();
    const [incident] = await s.h.say('/incident default-1');
    expect(disagreements(restart!, recovery!, incident!)).toEqual([]);
  }, 60_000);
});
