import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readGatewayState } from '../../src/probes/state-file.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';
import { systemClock } from '../../src/util/clock.js';

afterEach(cleanup);

// As Hermes writes it: compact single-line JSON (reference §3 example).
const SAMPLE =
  '{"pid":48213,"kind":"hermes-gateway","argv":["/home/ops/.hermes/hermes-agent/hermes_cli/main.py","gateway","run"],' +
  '"start_time":8843121,"gateway_state":"running","exit_reason":null,"restart_requested":false,"active_agents":0,' +
  '"platforms":{"feishu":{"state":"connected","error_code":null,"error_message":null,"updated_at":"2026-06-22T00:00:03.116204+00:00"},' +
  '"qqbot":{"state":"disconnected","error_code":null,"error_message":null,"updated_at":"2026-06-22T04:57:04.382511+00:00"}},' +
  '"updated_at":"2026-06-22T04:57:04.382533+00:00"}';

describe('readGatewayState', () => {
  it('reads what Hermes writes', async () => {
    const file = path.join(await tempDir(), 'gateway_state.json');
    await writeFile(file, SAMPLE);
    const { state, error } = await readGatewayState(file, { clock: systemClock });
    expect(error).toBeUndefined();
    expect(state).toMatchObject({
      pid: 48213,
      start_time: 8843121,
      gateway_state: 'running',
      exit_reason: null,
      active_agents: 0,
      updated_at: '2026-06-22T04:57:04.382533+00:00',
    });
    expect(state!.platforms.qqbot).toEqual({
      state: 'disconnected',
      error_code: null,
      error_message: null,
      updated_at: '2026-06-22T04:57:04.382511+00:00',
    });
    expect(state!.platforms.feishu!.state).toBe('connected');
  });

  it('a missing file is null with no error', async () => {
    const r = await readGatewayState(path.join(await tempDir(), 'gateway_state.json'), { clock: systemClock });
    expect(r).toEqual({ state: null });
  });

  it('ignores unknown fields and defaults platforms to {}', async () => {
    const file = path.join(await tempDir(), 'gateway_state.json');
    await writeFile(file, '{"gateway_state":"starting","future_field":["a"],"future":{"x":1},"platforms":{"odd":42}}');
    const { state } = await readGatewayState(file, { clock: systemClock });
    expect(state).toEqual({ gateway_state: 'starting', platforms: {} });

    await writeFile(file, '{"gateway_state":"stopped","exit_reason":"planned stop"}');
    expect((await readGatewayState(file, { clock: systemClock })).state).toEqual({
      gateway_state: 'stopped',
      exit_reason: 'planned stop',
      platforms: {},
    });
  });

  it('corrupt JSON gives an error after one retry', async () => {
    const file = path.join(await tempDir(), 'gateway_state.json');
    await writeFile(file, '{"pid":48213,"gateway_sta');
    const r = await readGatewayState(file, { clock: systemClock, retryDelayMs: 10 });
    expect(r.state).toBeNull();
    expect(r.error).toMatch(/gateway_state\.json: invalid JSON/);

    await writeFile(file, '[1,2]');
    expect((await readGatewayState(file, { clock: systemClock, retryDelayMs: 10 })).error).toMatch(
      /expected a JSON object/,
    );
  });

  it('a file caught mid-write is read again', async () => {
    const file = path.join(await tempDir(), 'gateway_state.json');
    await writeFile(file, '{"pid":48213,"kind":"hermes-');
    // The retry's wait is the test's: the writer finishes while the reader waits.
    let asleep!: () => void;
    let wake!: () => void;
    const waiting = new Promise<void>((r) => (asleep = r));
    const clock = { sleep: (ms: number) => (expect(ms).toBe(3_000), asleep(), new Promise<void>((r) => (wake = r))) };
    const pending = readGatewayState(file, { retryDelayMs: 3_000, clock });
    await waiting; // the reader has seen the half file and waits to retry
    await writeFile(file, SAMPLE);
    wake();
    const r = await pending;
    expect(r.error).toBeUndefined();
    expect(r.state?.gateway_state).toBe('running');
  });
});
