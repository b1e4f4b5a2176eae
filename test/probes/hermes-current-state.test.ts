// gateway_state.json of current Hermes (v0.19 – v0.22) and the version judged from a home: fixtures in the exact shape
// of hermes-gateway-current.md §3 (compact JSON, key order of _build_runtime_status_record).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  parseGatewayState,
  platformEntryLive,
  profilePlatforms,
  readGatewayState,
} from '../../src/probes/state-file.js';
import { currentFilesIn, judgeVersion, versionAtLeast } from '../../src/probes/hermes-version.js';
import { classifyErrorCode, isAuthCode } from '../../src/detectors/error-codes.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';
// The platforms' agent.log lines are kept once their registry has registered them, as the composition root has.
import '../../src/platforms/index.js';
import { systemClock } from '../../src/util/clock.js';

afterEach(cleanup);

const FIX = fileURLToPath(new URL('../fixtures/hermes-current/', import.meta.url));
const text = (name: string) => readFileSync(path.join(FIX, name), 'utf8');
const parse = (name: string) => parseGatewayState(text(name)).state!;

describe('current gateway_state.json', () => {
  it('reads the v0.21 multiplexing root: identity, served profiles, per-entry writer', () => {
    const s = parse('root-multiplex-v0.21.json');
    expect(s).toMatchObject({
      pid: 51234,
      kind: 'hermes-gateway',
      hermes_home: '/home/ops/.hermes',
      session_store: 'ok',
      code_version: '0.21.3',
      code_sha: '00067189dfecf833d4d009c2dd977ae85cf800e0',
      served_profiles: ['default', 'coder', 'ops'],
    });
    expect(s.platforms['coder:telegram']).toMatchObject({
      state: 'fatal',
      error_code: 'telegram_polling_conflict',
      writer_pid: 51234,
      writer_start_time: 99123456,
    });
    expect(s.platforms['coder:whatsapp']!.state).toBe('disabled');
  });

  it('reads needs_attention and retrying_since (v0.22) and ignores fields it does not know', () => {
    const s = parse('retrying-v0.22.json');
    expect(s.platforms.discord).toMatchObject({
      needs_attention: true,
      retrying_since: '2026-10-20T05:58:30.000001+00:00',
    });
    expect(s.platforms.telegram).toMatchObject({ needs_attention: false, retrying_since: null });
    expect(s.platforms.slack).not.toHaveProperty('metrics');
    expect(s.served_profiles).toEqual([]);
    expect(s.active_work).toBeNull();
  });

  it('a v0.18 file parses exactly as before: none of the new fields appear', () => {
    const s = parse('legacy-v0.18.json');
    expect(Object.keys(s).sort()).toEqual([
      'active_agents',
      'argv',
      'exit_reason',
      'gateway_state',
      'kind',
      'pid',
      'platforms',
      'restart_requested',
      'start_time',
      'updated_at',
    ]);
    expect(Object.keys(s.platforms.qqbot!).sort()).toEqual(['error_code', 'error_message', 'state', 'updated_at']);
  });

  it('fields of unexpected types (unverified in the reference) are dropped, the rest is kept', async () => {
    const file = path.join(await tempDir(), 'gateway_state.json');
    await writeFile(file, text('odd-types.json'));
    const { state, error } = await readGatewayState(file, { clock: systemClock });
    expect(error).toBeUndefined();
    expect(state!.gateway_state).toBe('draining');
    expect(state!.session_store).toBeUndefined();
    expect(state!.served_profiles).toEqual(['default', 'ops']);
    expect(state!.active_work).toEqual([{ kind: 'turn', session: 's1' }]);
    expect(state!.platforms.telegram).toEqual({ state: 'connected', error_code: '409' });
    expect(state!.start_time).toBeUndefined();
  });

  it('an entry written by a dead process is not live; an older entry without a writer cannot tell', () => {
    const s = parse('retrying-v0.22.json');
    const live = { pid: s.pid, start_time: s.start_time };
    expect(platformEntryLive(s.platforms.discord!, live)).toBe(true);
    expect(platformEntryLive(s.platforms.slack!, live)).toBe(false);
    expect(platformEntryLive(s.platforms.discord!, { pid: 51234, start_time: 1 })).toBe(false);
    expect(platformEntryLive(parse('legacy-v0.18.json').platforms.qqbot!, live)).toBeUndefined();
  });

  it('a profile’s platforms are the root’s `<profile>:` entries; the launch profile owns the bare keys', () => {
    const s = parse('root-multiplex-v0.21.json');
    expect(Object.keys(profilePlatforms(s, 'coder'))).toEqual(['telegram', 'whatsapp']);
    expect(profilePlatforms(s, 'coder').telegram!.error_code).toBe('telegram_polling_conflict');
    expect(Object.keys(profilePlatforms(s, 'ops'))).toEqual(['discord', 'api_server']);
    expect(Object.keys(profilePlatforms(s, 'default'))).toEqual(['telegram']);
    expect(profilePlatforms(s, 'nobody')).toEqual({});
  });
});

describe('error codes (reference §3 table)', () => {
  it('classifies the non-retryable, retryable and parked codes', () => {
    for (const c of [
      'telegram_polling_conflict',
      'discord_auth_error',
      'discord_intents_required',
      'whatsapp_not_paired',
      'weixin_missing_token',
      'missing_credentials',
      'telegram_auth_error',
    ])
      expect(classifyErrorCode(c), c).toBe('non_retryable');
    for (const c of [
      'telegram_network_error',
      'discord_connect_error',
      'discord_gateway_task_exited',
      'whatsapp_bridge_exited',
    ])
      expect(classifyErrorCode(c), c).toBe('retryable');
    for (const c of ['duplicate_credential', 'duplicate_listener', 'multiplex_shared_ingress'])
      expect(classifyErrorCode(c), c).toBe('parked');
    expect(classifyErrorCode('telegram-lock')).toBe('non_retryable');
    expect(classifyErrorCode('something_new')).toBe('unknown');
    expect(classifyErrorCode(null)).toBe('unknown');
    expect(isAuthCode('discord_intents_required')).toBe(true);
    expect(isAuthCode('telegram_polling_conflict')).toBe(false);
  });
});

describe('version from what the home shows', () => {
  it('identify wins over the state file; the state file over files; never config', () => {
    const s = parse('root-multiplex-v0.21.json');
    expect(judgeVersion({ state: s })).toMatchObject({
      version: '0.21.3',
      source: 'state_file',
      generation: 'current',
      restampsUpdatedAt: false,
    });
    expect(judgeVersion({ state: s, identify: { code_version: '0.22.1', code_sha: 'abc' } })).toMatchObject({
      version: '0.22.1',
      sha: 'abc',
      source: 'identify',
      restampsUpdatedAt: true,
    });
    expect(judgeVersion({ state: parse('legacy-v0.18.json') })).toEqual({
      source: 'none',
      generation: 'legacy',
      restampsUpdatedAt: false,
    });
    expect(judgeVersion({ state: parse('legacy-v0.18.json'), files: ['gateway-starts.log'] })).toMatchObject({
      source: 'files',
      generation: 'current',
    });
    expect(judgeVersion({})).toEqual({ source: 'none', generation: 'unknown', restampsUpdatedAt: false });
    // A v0.19+ writer that could not determine its version still writes the new fields.
    expect(judgeVersion({ state: parse('odd-types.json') })).toMatchObject({
      generation: 'current',
      restampsUpdatedAt: false,
    });
  });

  it('compares versions as numbers', () => {
    expect(versionAtLeast('0.20.6', [0, 20, 6])).toBe(true);
    expect(versionAtLeast('v0.20.10', [0, 20, 6])).toBe(true);
    expect(versionAtLeast('0.20.5', [0, 20, 6])).toBe(false);
    expect(versionAtLeast(undefined, [0, 0, 0])).toBe(false);
  });

  it('lists the v0.19+ files present in a real home', async () => {
    const home = await tempDir();
    await mkdir(path.join(home, 'logs'));
    expect(await currentFilesIn(home)).toEqual([]);
    await writeFile(path.join(home, 'gateway-starts.log'), '1789000000.123\n');
    await writeFile(path.join(home, 'gateway_migration.json'), '{}');
    expect(await currentFilesIn(home)).toEqual(['gateway_migration.json', 'gateway-starts.log']);
  });
});

describe('gateway-starts.log', () => {
  it('reads repr(time.time()) per line and skips garbage', async () => {
    const { parseStartsLog } = await import('../../src/probes/hermes-current.js');
    expect(parseStartsLog('1789000000.123456\n1789000010.5\ngarbage\n\n42\n')).toEqual([1789000000123, 1789000010500]);
  });
});

describe('agent.log-only lines', () => {
  it('keeps only the slack_bolt loop, the respawn-storm breaker and the Lark ladder from the tail of a real file', async () => {
    const { readAgentOnlyLines } = await import('../../src/probes/agent-tail.js');
    const file = path.join(await tempDir(), 'agent.log');
    await writeFile(
      file,
      [
        '2026-09-20 10:00:00,001 INFO gateway.run: ✓ slack connected',
        '2026-09-20 10:00:10,120 ERROR slack_bolt.AsyncApp: Failed to connect (error: Session is closed); Retrying...',
        'garbage line',
        '2026-09-20 10:00:11,500 WARNING hermes_cli.gateway: Gateway (re)started 6 times in 98s — backing off 10s to break a respawn storm.',
        '2026-09-20 10:00:12,000 INFO agent.loop: turn done',
        // §9.4: the Lark SDK's own ladder (logger `Lark`, agent.log only), read for Feishu's give-up.
        '2026-09-20 10:00:13,000 INFO Lark: [Lark] trying to reconnect for the 3rd time',
        '',
      ].join('\n'),
    );
    const recs = await readAgentOnlyLines(file);
    expect(recs.map((r) => r.logger)).toEqual(['slack_bolt.AsyncApp', 'hermes_cli.gateway', 'Lark']);
    expect(await readAgentOnlyLines(path.join(path.dirname(file), 'missing.log'))).toEqual([]);
  });

  it.each([
    ["a full disk's (§10.2)", 'database or disk is full', 'OSError: [Errno 28] No space left on device'],
    [
      "a read-only filesystem's (issue 60)",
      'attempt to write a readonly database',
      "OSError: [Errno 30] Read-only file system: '/home/ops/.hermes/sessions/sessions.json'",
    ],
  ])("keeps %s lines: SQLite's own words, and a traceback ending in its errno", async (_, sqlite, errno) => {
    const { readAgentOnlyLines } = await import('../../src/probes/agent-tail.js');
    const file = path.join(await tempDir(), 'agent.log');
    await writeFile(
      file,
      [
        `2026-09-21 09:36:00,000 ERROR hermes_state: state.db routing save failed: ${sqlite}`,
        '2026-09-21 09:36:01,000 INFO agent.loop: turn done',
        '2026-09-21 09:38:10,800 ERROR gateway.run: Agent error in session agent:main:telegram:dm:42',
        'Traceback (most recent call last):',
        '  File "/home/ops/.hermes/hermes-agent/gateway/run.py", line 9406, in _handle_message_with_agent',
        errno,
        '2026-09-21 09:38:11,000 ERROR gateway.run: Agent error in session agent:main:telegram:dm:43',
        'Traceback (most recent call last):',
        "ModuleNotFoundError: No module named 'requests'",
        '',
      ].join('\n'),
    );
    const recs = await readAgentOnlyLines(file);
    expect(recs.map((r) => r.ts)).toEqual([
      new Date(2026, 8, 21, 9, 36, 0).getTime(),
      new Date(2026, 8, 21, 9, 38, 10, 800).getTime(),
    ]);
  });

  it("keeps the agent loop's HTTP 400s (session-tagged) and Lark's dead receive loop with its traceback", async () => {
    const { readAgentOnlyLines } = await import('../../src/probes/agent-tail.js');
    const dir = await tempDir();
    const file = path.join(dir, 'agent.log');
    const agent = readFileSync(
      fileURLToPath(new URL('../fixtures/hermes-current/turns-failing-agent.log', import.meta.url)),
      'utf8',
    );
    const lark = readFileSync(
      fileURLToPath(new URL('../fixtures/hermes-current/feishu-other-loop-agent.log', import.meta.url)),
      'utf8',
    );
    await writeFile(file, agent + lark);
    const recs = await readAgentOnlyLines(file);
    // The first loop exit (a keepalive timeout) is a connection line of Feishu's too (issue 54): kept for its outage.
    expect(recs.map((r) => r.logger)).toEqual([...Array(6).fill('agent.conversation_loop'), 'Lark', 'Lark']);
    expect(recs[1]!.message).toMatch(/^Non-retryable client error: Anthropic HTTP 400/);
    expect(recs[7]!.extra?.some((l) => l.includes('attached to a different loop'))).toBe(true);
  });

  it('reads nothing from a FIFO at the agent.log path, without blocking', async () => {
    const { readAgentOnlyLines } = await import('../../src/probes/agent-tail.js');
    const fifo = path.join(await tempDir(), 'agent.log');
    execFileSync('mkfifo', [fifo]);
    expect(await readAgentOnlyLines(fifo)).toEqual([]);
  });
});
