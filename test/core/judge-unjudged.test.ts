// What the evaluation could not judge reaches the incident machine through the alerting's judge (the one path the
// daemon takes): a risk said once stays open through a look whose manager did not answer, with no "cleared" and no
// second alert when it answers again. test/incidents/unjudged.test.ts steps the machine itself; this goes through the
// app, where the option was once dropped on the way.
import { afterEach, describe, expect, it } from 'vitest';
import { runDetectors, unjudgedChecks } from '../../src/detectors/index.js';
import { openIncidents } from '../../src/incidents/machine.js';
import type { Evidence } from '../../src/evidence.js';
import { SETTINGS } from '../helpers/evidence.js';
import { riskLook } from '../helpers/risk-look.js';
import { startHarness, type Harness } from '../helpers/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function look(answered: boolean): Evidence {
  const ev = riskLook(answered);
  ev.target = 'default';
  return ev;
}

describe('a look whose manager did not answer, through the app', () => {
  it('keeps the risk it said open, and says nothing more of it', async () => {
    h = await startHarness({ start: false, config: { schedule: '0 0 1 1 *' } });
    const judge = async (answered: boolean) => {
      const ev = look(answered);
      await h!.app.judge('default', runDetectors(ev, SETTINGS), { unjudged: unjudgedChecks(ev) });
    };
    await judge(true);
    const risk = () => openIncidents(h!.app.core.state.incidents, 'default').map((i) => i.check);
    expect(risk()).toEqual(['supervisor_risk']);
    const sent = () => h!.app.outbox.entries().map((e) => `${e.alert.kind} ${e.alert.reply.title}`);
    const said = sent().length;
    await judge(false);
    expect(risk()).toEqual(['supervisor_risk']);
    await judge(true);
    expect(risk()).toEqual(['supervisor_risk']);
    expect(sent().slice(said)).toEqual([]);
  });
});
