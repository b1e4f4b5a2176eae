// Issue 20 item 5: a finding's evidence lines in our own words (the pid file's verdict, the service's state, a silent
// control socket) are worded in the reader's locale when rendered; the values they quote (a unit name, a state word
// systemctl printed, a path) stay as they are. A finding saved by an older version has only its stored lines.
import { describe, expect, it } from 'vitest';
import { runDetectors } from '../../src/detectors/index.js';
import { wordEvidence } from '../../src/i18n.js';
import type { Evidence } from '../../src/evidence.js';
import type { Finding } from '../../src/types.js';
import { buildEvidence, PID, SETTINGS } from '../helpers/evidence.js';
import { englishProse } from '../helpers/english-prose.js';

function found(check: string, overrides: Partial<Evidence>, alive = false): Finding {
  const f = runDetectors(buildEvidence({ text: '', alive, state: null, overrides }), SETTINGS).find((x) => x.check === check);
  expect(f, check).toBeDefined();
  return f!;
}

const prose = (lines: string[]) => lines.flatMap(englishProse);

describe('evidence lines in the reader’s words', () => {
  it('process_down: the pid file and the service, Chinese around the unit name and the state systemctl printed', () => {
    const f = found('process_down', { process: { pidFile: null, alive: false, reason: 'no pid file' } });
    expect(f.evidence).toEqual(['gateway.pid: none (no pid file)', 'service hermes-gateway.service: failed/failed']);
    expect(wordEvidence('en', f)).toEqual(f.evidence);
    expect(wordEvidence('zh-CN', f)).toEqual(['gateway.pid：无（没有 pid 文件）', '服务 hermes-gateway.service：failed/failed']);
  });

  it('a pid left by a dead process and a service whose state is not known', () => {
    const f = found('process_down', { service: { manager: 'systemd', name: 'hermes-gateway.service' } });
    expect(wordEvidence('zh-CN', f)).toEqual([`gateway.pid：pid ${PID}（进程不在）`, '服务 hermes-gateway.service：未知']);
    expect(wordEvidence('en', f)).toEqual([`gateway.pid: pid ${PID} (not running)`, 'service hermes-gateway.service: unknown']);
  });

  it('gateway_unresponsive: the silent control socket and the live pid', () => {
    const f = found('gateway_unresponsive', { hermes: { version: { source: 'identify', generation: 'current', restampsUpdatedAt: false }, control: { outcome: 'silent', path: '/h/gateway.sock', waitedMs: 2001 } } }, true);
    const zh = wordEvidence('zh-CN', f);
    expect(zh[0]).toMatch(/^控制套接字 \/h\/gateway\.sock：已连接，\S+ 内没有回答 identify（问了两次）$/);
    expect(prose(zh)).toEqual([]);
    expect(prose(wordEvidence('en', f))).not.toEqual([]);
  });

  it('evidence_unreadable: what could not be read, Chinese around the reason the probe gave', () => {
    const f = found('evidence_unreadable', { stateError: '/h/gateway_state.json: not JSON' }, true);
    expect(f.evidence).toEqual(['cannot read the state file: /h/gateway_state.json: not JSON']);
    expect(wordEvidence('zh-CN', f)).toEqual(['无法读取状态文件：/h/gateway_state.json: not JSON']);
  });

  it('a finding saved by an older version (no evidenceText) shows its stored lines', () => {
    const f = found('process_down', {});
    const old: Finding = { ...f, evidenceText: undefined };
    expect(wordEvidence('zh-CN', old)).toEqual(f.evidence);
    // Lines added after the facts were taken (by a version that did not know them): the stored lines, not a mix.
    expect(wordEvidence('zh-CN', { ...f, evidence: [...f.evidence, 'x'] })).toEqual([...f.evidence, 'x']);
  });
});
