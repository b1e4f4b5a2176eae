// Issue 19 item 11: a finding's action names what this gateway's service manager and profile take
// (hermes-gateway-current.md §5): no systemctl for a gateway nothing supervises, launchd's words on launchd, and the
// profile's own unit (`hermes-gateway-<profile>.service`) and `hermes -p <profile>` for a profile's gateway.
import { describe, expect, it } from 'vitest';
import { runDetectors } from '../../src/detectors/index.js';
import { wordFinding } from '../../src/i18n.js';
import type { Evidence, ServiceEvidence, ServingEvidence } from '../../src/evidence.js';
import type { Finding } from '../../src/types.js';
import { buildEvidence, SETTINGS, stateFile } from '../helpers/evidence.js';

/** The gateway died without a word (killed.log, state file still `running`): state_stale_running.killed. */
function killed(service: ServiceEvidence, serving?: ServingEvidence): Finding {
  const over: Partial<Evidence> = { service };
  if (serving) over.hermes = { version: { source: 'none', generation: 'unknown', restampsUpdatedAt: false }, serving };
  const ev = buildEvidence({
    log: 'killed.log',
    alive: false,
    state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
    overrides: over,
  });
  const [f] = runDetectors(ev, SETTINGS);
  expect(f!.check).toBe('state_stale_running');
  return f!;
}

/** process_down: no pid file, no state file, no log. */
function down(service: ServiceEvidence, serving?: ServingEvidence): Finding {
  const over: Partial<Evidence> = { service };
  if (serving) over.hermes = { version: { source: 'none', generation: 'unknown', restampsUpdatedAt: false }, serving };
  const ev = buildEvidence({ text: '', alive: false, state: null, overrides: over });
  const f = runDetectors(ev, SETTINGS).find((x) => x.check === 'process_down');
  expect(f).toBeDefined();
  return f!;
}

const coder: ServingEvidence = { role: 'standalone', profile: 'coder', rootHome: '/home/ops/.hermes' };

describe('finding actions by service manager', () => {
  it('nothing supervises it (service.manager: none): no systemctl or journalctl, and gatewatch does not promise a restart it cannot make', () => {
    const f = down({ manager: 'none' });
    expect(f.action).not.toMatch(/systemctl|journalctl|launchctl/);
    expect(f.action).not.toMatch(/gatewatch restarts it by itself/);
    expect(f.action).toContain('`hermes gateway run`');
    expect(f.action).toContain('`hermes gateway install`');
    const zh = wordFinding('zh-CN', f).action;
    expect(zh).toContain('没有服务管理器托管它');
    expect(zh).not.toMatch(/systemctl|journalctl/);
  });

  it("a profile's systemd user unit: its own unit in the journal command, `hermes -p <profile>` to restart", () => {
    const f = down({ manager: 'systemd', name: 'hermes-gateway-coder.service', active: false }, coder);
    expect(f.action).toContain('`journalctl --user -u hermes-gateway-coder.service`');
    expect(f.action).toContain('`hermes -p coder gateway restart`');
    expect(f.action).not.toMatch(/-u hermes-gateway[`\s]/);
    expect(wordFinding('zh-CN', f).action).toContain('journal（`journalctl --user -u hermes-gateway-coder.service`）');
  });

  it('a system unit: no --user', () => {
    const f = down({ manager: 'systemd', name: 'hermes-gateway.service', scope: 'system', active: false });
    expect(f.action).toContain('`journalctl -u hermes-gateway.service`');
  });

  it("launchd: launchd's words, no systemd ones", () => {
    const f = down({ manager: 'launchd', name: 'ai.hermes.gateway-coder', active: false }, coder);
    expect(f.action).not.toMatch(/systemctl|journalctl/);
    expect(f.action).toContain('gateway.error.log');
    expect(f.action).toContain('`hermes -p coder gateway restart`');
  });

  it('gateway_stopped: which supervisor to check, by manager', () => {
    const stopped = (service: ServiceEvidence) => {
      const ev = buildEvidence({
        log: 'sigterm.log',
        alive: false,
        state: stateFile('stopped', {}),
        overrides: { service },
      });
      return runDetectors(ev, SETTINGS).find((x) => x.check === 'gateway_stopped')!;
    };
    expect(stopped({ manager: 'systemd', name: 'hermes-gateway-coder.service' }).action).toContain(
      '`systemctl --user status hermes-gateway-coder.service`',
    );
    expect(stopped({ manager: 'launchd', name: 'ai.hermes.gateway' }).action).toContain(
      '`launchctl print gui/$(id -u)/ai.hermes.gateway`',
    );
    const none = stopped({ manager: 'none' }).action;
    expect(none).not.toMatch(/systemctl|launchctl/);
    expect(none).toMatch(/No service manager runs it/);
  });

  it('configured commands: /restart through them, no Hermes service commands', () => {
    const f = killed({ manager: 'command', active: false });
    expect(f.action).toMatch(/with the restart command its config gives this gateway; by hand: `\/restart default`/);
    expect(f.action).not.toMatch(/systemctl|hermes gateway restart/);
  });

  it('a profile the root serves is restarted through the root (`hermes -p` exits 78 under multiplexing)', () => {
    const f = killed({ manager: 'none' }, { role: 'served', profile: 'coder', rootHome: '/home/ops/.hermes' });
    expect(f.action).toContain('`hermes gateway restart`');
    expect(f.action).not.toContain('-p coder');
  });

  it('a finding saved before these parameters existed renders its action as it was worded then', () => {
    const f = down({ manager: 'none' });
    const old = {
      ...f,
      action: 'Start the gateway (saved words).',
      text: { key: f.text!.key, params: { target: 'default', state: '-' } },
    };
    const w = wordFinding('zh-CN', old);
    expect(w.action).toBe('Start the gateway (saved words).');
    expect(w.title).toBe('Hermes 网关未在运行');
  });
});
