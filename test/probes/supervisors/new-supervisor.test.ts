// The worked example of issue 81 item 1: a supervisor is its adapter's file, its texts' file and its line in the
// registry. One made here (Acme: a daemon that runs the gateway as its child, `acmectl` its control), registered as
// src/probes/supervisors/index.ts registers every supervisor: the config takes its kind, a live gateway under its daemon
// is its, the look asks it, and a finding words its name, its restart and where its output is in both locales, with no
// line written anywhere else. This file runs in a process of its own (vitest.config.ts ISOLATED): the supervisor it
// registers stays registered.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { ownText, wordFinding, wordKey } from '../../../src/i18n.js';
import { parseConfig } from '../../../src/channels/config.js';
import { ConfigError } from '../../../src/config/load.js';
import { runDetectors } from '../../../src/detectors/index.js';
import { claimOf, probeService } from '../../../src/probes/service.js';
import { procTraits } from '../../../src/probes/proc-traits.js';
import { adapterOf, registerSupervisors, SUPERVISORS } from '../../../src/probes/supervisors/index.js';
import type { LeverWords, SupervisorAdapter } from '../../../src/probes/supervisors/types.js';
import type { ManagerKind } from '../../../src/evidence.js';
import { buildEvidence, SETTINGS } from '../../helpers/evidence.js';
import { cleanup, makeTarget, tempDir, trackPid } from '../../helpers/probe-procs.js';

afterAll(cleanup);

// Its texts' file, acme-texts.ts…
const en = {
  'status.manager.acme': 'Acme',
  'finding.service.journal.acme': "errors.log and Acme's log of it (`{cmd}`)",
  'finding.service.status.acme': 'Acme starts it again when it exits; check it: `{cmd}`.',
} as const;
const zhCN: Record<keyof typeof en, string> = {
  'status.manager.acme': 'Acme 守护进程',
  'finding.service.journal.acme': 'errors.log 以及 Acme 为它记录的日志（`{cmd}`）',
  'finding.service.status.acme': 'Acme 会在它退出后重新启动它；检查：`{cmd}`。',
};

// …and its adapter's: a gateway whose parent is the Acme daemon is its; `acmectl` restarts it.
const ACME = 'acme' as ManagerKind;
const code = (cmd: string) => `\`${cmd}\``;
const acme: SupervisorAdapter = {
  kind: ACME,
  texts: { en, 'zh-CN': zhCN },
  claims: (p) => (p.ancestors[0]?.cmdline.includes('acme-daemon') ? { manager: ACME, name: 'hermes' } : undefined),
  async configured(target) {
    return { manager: ACME, name: target.service.program ?? 'hermes' };
  },
  async probe(_target, claim) {
    return { manager: ACME, ...(claim.name ? { name: claim.name } : {}), active: false, state: 'exited' };
  },
  plan: (verb, _target, svc) => ({ run: [{ argv: ['acmectl', verb, svc.name ?? 'hermes'] }] }),
  words: ({ service: s }): LeverWords => ({
    restart_how: `Acme restarts it: ${code(`acmectl restart ${s.name}`)}.`,
    restart: code(`acmectl restart ${s.name}`),
    start: code(`acmectl start ${s.name}`),
    journal: { key: ownText(en, 'finding.service.journal.acme'), params: { cmd: `acmectl log ${s.name}` } },
    supervisor: { key: ownText(en, 'finding.service.status.acme'), params: { cmd: `acmectl status ${s.name}` } },
  }),
};

/** A gateway stand-in whose parent's command line names the Acme daemon: the parent's pid and the gateway's. */
async function underAcme(): Promise<{ gateway: number }> {
  const daemon = spawn(
    '/bin/sh',
    ['-c', 'exec 3<&0; sh -c "read _ <&3" "$@" & echo $!; wait', 'acme-daemon', 'hermes', 'gateway', 'run'],
    { stdio: ['pipe', 'pipe', 'ignore'] },
  );
  trackPid(daemon.pid!);
  const [out] = (await once(daemon.stdout!, 'data')) as [Buffer];
  const gateway = Number(String(out).trim());
  trackPid(gateway);
  return { gateway };
}

describe('a new supervisor', () => {
  it('costs its files and its registry line: configured, claimed, asked and worded in both locales', async () => {
    const config = 'targets:\n  - name: hermes\n    hermes_home: /tmp\n    service: { manager: acme, program: app1 }\n';
    expect(() => parseConfig(config)).toThrow(ConfigError);
    expect(SUPERVISORS.some((s) => s.kind === ACME)).toBe(false);
    // Its line in src/probes/supervisors/index.ts.
    registerSupervisors([acme]);
    expect(adapterOf(ACME)).toBe(acme);
    expect(() => registerSupervisors([acme])).toThrow(/listed twice/);
    expect(() =>
      registerSupervisors([
        { ...acme, kind: 'acme2' as ManagerKind },
        { ...acme, kind: 'acme2' as ManagerKind },
      ]),
    ).toThrow(/acme2 is listed twice/);
    expect(SUPERVISORS.filter((s) => s.kind === ('acme2' as ManagerKind))).toEqual([]);

    // The config takes it, and names it among the kinds where a kind is mistyped.
    expect(parseConfig(config).targets[0]!.service).toMatchObject({ manager: 'acme', program: 'app1' });
    const wrong = (() => {
      try {
        parseConfig(config.replace('acme', 'acne'));
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(wrong?.message).toMatch(/expected one of: auto, .*, none, acme$/m);

    // A live gateway under its daemon is its, asked before the host's supervisors.
    const { gateway } = await underAcme();
    expect(claimOf((await procTraits(gateway))!)).toMatchObject({ manager: 'acme', name: 'hermes', from: 'process' });

    // The look asks it of a target that names it.
    const home = await tempDir('gw-acme-');
    const target = makeTarget(home, { service: { manager: ACME, scope: 'user', program: 'app1' } });
    const service = await probeService(target);
    expect(service).toMatchObject({ manager: 'acme', name: 'app1', active: false });

    // A finding words its name, its restart and where its output is, in both locales.
    const ev = buildEvidence({ alive: false, overrides: { service } });
    const down = runDetectors(ev, SETTINGS).find((f) => f.check === 'process_down')!;
    expect(wordFinding('en', down).action).toContain('`acmectl restart app1`');
    expect(wordFinding('en', down).action).toContain("Acme's log of it (`acmectl log app1`)");
    expect(wordFinding('zh-CN', down).action).toContain('Acme 为它记录的日志（`acmectl log app1`）');
    expect([wordKey('en', 'status.manager.acme'), wordKey('zh-CN', 'status.manager.acme')]).toEqual([
      'Acme',
      'Acme 守护进程',
    ]);
  });
});
