// /history is what happened (incidents, alerts, actions), not the operator's own reading: the /status and /logs typed
// to look at a problem would otherwise push the problem itself off the list. `/history all` shows them too.
import { afterEach, describe, expect, it } from 'vitest';
import { renderText } from '../../src/delivery/render-text.js';
import { startHarness, type Harness } from '../helpers/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const said = async (text: string) => (await h!.say(text)).map((r) => renderText(r)).join('\n');

describe('/history', () => {
  it('leaves out the commands that only looked unless asked for all; actions stay', async () => {
    h = await startHarness({ start: false });
    for (let i = 0; i < 5; i++) await said('/status');
    await said('/logs 5');
    await said('/mute 30m');
    await said('/unmute');

    const events = await said('/history');
    expect(events).toMatch(/\/mute 30m/);
    expect(events).toMatch(/\/unmute/);
    expect(events).not.toMatch(/\/status|\/logs/);

    const all = await said('/history 50 all');
    expect(all.match(/\/status/g)).toHaveLength(5);
    expect(all).toMatch(/\/logs 5/);
    expect(all).toMatch(/\/mute 30m/);
  });

  it('says each event in words: no audit type, no check id, the console’s operator by what they are (issue 61)', async () => {
    h = await startHarness({ start: false });
    await said('/mute 30m');
    await said('/unmute');
    await said('/mute 1h');
    const two = await said('/history 2');
    expect(two).toMatch(/Last 2 events/);
    expect(two).not.toMatch(/\/mute 30m|\/unmute/);
    expect(two).toMatch(/the operator at the console: \/mute 1h$/);
    expect(two).not.toMatch(/\bcommand\b|\blocal\b/);
  });
});
