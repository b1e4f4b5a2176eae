// "Dies as it starts" (state_stale_running.start, §10.2) is measured from the start line to the last sign of that life,
// gatewatch's own sight of it alive included: a quiet start logs a few lines in its first second, so a gateway killed
// seconds into its start (kill -9 while its platforms connect) was said to die 0.3 s after its start, and a second such
// kill would have held every restart.
import { describe, expect, it } from 'vitest';
import { runDetectors } from '../../src/detectors/index.js';
import { wordFinding } from '../../src/i18n.js';
import { buildEvidence, localTime, SETTINGS, stateFile } from '../helpers/evidence.js';

const LOG = 'hermes-current/fork-dies-at-start.log';
const death = (seenAlive?: string) => {
  const ev = buildEvidence({
    log: LOG,
    alive: false,
    now: '2026-09-21 09:02:00',
    state: stateFile('running', { telegram: 'connected' }, { pid: 7140 }),
  });
  if (seenAlive) ev.process.lastSeenAlive = localTime(`2026-09-21 ${seenAlive}`);
  return runDetectors(ev, SETTINGS).find((f) => f.check === 'state_stale_running');
};

describe('a death at start', () => {
  it('the log alone (nobody watched it): 0.6 s after its start, as the fork died', () => {
    expect(death()!.text?.key).toBe('finding.state_stale_running.start');
  });

  it('seen alive 8 s after its start line: killed, not dead at start, and restarted', () => {
    const f = death('09:00:18.300')!;
    expect(f.text?.key).toBe('finding.state_stale_running.killed');
    expect(f.restart).toBe('helps');
  });

  it('seen alive 2 s after its start line: still a death at start, dated by that sight (2.0s)', () => {
    const f = death('09:00:12.300')!;
    expect(f.text?.key).toBe('finding.state_stale_running.start');
    expect(f.title).toContain('2.0s after its start');
  });

  it('says its tenths of a second in Chinese units to a Chinese reader', () => {
    const zh = wordFinding('zh-CN', death()!);
    expect(zh.title).toContain('启动后 0.6 秒就死了');
    expect(zh.explanation).toContain('之后 0.6 秒就死了');
    expect(wordFinding('zh-CN', death('09:00:12.300')!).title).toContain('启动后 2.0 秒就死了');
  });
});
