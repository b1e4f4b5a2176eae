// A death only gatewatch's own sights date (issue 61 item 1b: on the real v0.17 the log's last line was 30 s older and
// the kill came 2–2.5 s before gatewatch saw the process gone): the write-up gives the window it lies in, between the
// last sight alive and the first sight gone, not a moment given as certain ("detected in 0s").
import { describe, expect, it } from 'vitest';
import { incidentJson, incidentReply, summaryLines } from '../../src/delivery/write-up.js';
import type { IncidentEntry } from '../../src/history/model.js';
import { renderText } from '../../src/delivery/render-text.js';
import { localStamp } from '../../src/util/time.js';

const hhmmss = (ms: number) => localStamp(ms).slice(11, 19);

const T = Date.UTC(2026, 10, 26, 18, 43, 21);
const entry: IncidentEntry = {
  id: 'demo:state_stale_running#SIGKILL@x',
  n: 3,
  check: 'state_stale_running',
  title: 'Gateway died without a shutdown (SIGKILL)',
  severity: 'critical',
  firstAfter: T,
  firstAt: T + 2_400,
  alertAt: T + 2_500,
  detectedAt: T + 2_400,
  recoveredAt: T + 9_500,
  by: 'restart',
};

describe('the write-up of a death only gatewatch saw', () => {
  it('says the window between its last sight alive and its first sight gone, in both locales', () => {
    const en = summaryLines('en', 'demo', entry).join('\n');
    expect(en).toContain(
      `Detected in 0s (first sight of it gone → alert; 2s at most from its last sight alive at ${hhmmss(T)}`,
    );
    expect(en).toContain('the log does not date the death');
    const zh = summaryLines('zh-CN', 'demo', entry).join('\n');
    expect(zh).toContain(`距 ${hhmmss(T)} 最后一次看到进程存活至多 2 秒`);
    const full = renderText(incidentReply('en', 'demo', entry));
    expect(full).toMatch(new RegExp(`${hhmmss(T)} +gatewatch last saw the process alive`));
    expect(full).toMatch(new RegExp(`${hhmmss(T + 2_400)} +gatewatch saw it gone`));
    // The death's moment is not known: first_sign_uncertain says so beside the window (issue 77).
    expect(incidentJson('demo', entry)).toMatchObject({
      first_sign_uncertain: true,
      died_after: new Date(T).toISOString(),
    });
  });

  it('a death gatewatch saw go within a second of its last sight alive: dated by that sight, said as gatewatch’s, certain', () => {
    const seen: IncidentEntry = { ...entry, firstAfter: undefined, firstSeen: true };
    const en = summaryLines('en', 'demo', seen).join('\n');
    expect(en).toContain('Detected in 0s (gatewatch saw it gone → alert; the log does not date the death)');
    expect(summaryLines('zh-CN', 'demo', seen).join('\n')).toContain('gatewatch 看到它已消失 → 告警');
    const full = renderText(incidentReply('en', 'demo', seen));
    expect(full).toMatch(
      new RegExp(`${hhmmss(T + 2_400)} +gatewatch saw it gone \\(no line of the log dates the death\\)`),
    );
    expect(full).not.toContain('first sign in the log');
    expect(renderText(incidentReply('zh-CN', 'demo', seen))).not.toContain('日志中的首个迹象');
    const json = incidentJson('demo', seen);
    expect(json).toMatchObject({ first_sign_uncertain: false });
    expect(json).not.toHaveProperty('died_after');
  });

  it('a death the log dates says its times as before', () => {
    const dated: IncidentEntry = { ...entry, firstAfter: undefined };
    expect(summaryLines('en', 'demo', dated).join('\n')).toContain('Detected in 0s (first sign → alert)');
    expect(renderText(incidentReply('en', 'demo', dated))).not.toMatch(/last saw the process alive/);
    expect(renderText(incidentReply('en', 'demo', dated))).toContain('first sign in the log');
    expect(incidentJson('demo', dated)).toMatchObject({ first_sign_uncertain: false });
  });
});
