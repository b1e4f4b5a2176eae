// launchd on macOS: Hermes installs a LaunchAgent `ai.hermes.gateway[-<profile>]` with KeepAlive.
import { ownText } from '../../i18n.js';
import * as ownWords from './launchd-texts.js';
import path from 'node:path';
import type { ServiceEvidence } from '../../evidence.js';
import type { TargetConfig } from '../../config/schema.js';
import { fileExists, runCommand, trimDetail, type Host } from '../host.js';
import type { Claim, LeverWords, SupervisorAdapter, WordsContext } from './types.js';

const suffix = (t: TargetConfig) => (t.profile ? `-${t.profile}` : '');

export function defaultLabel(target: TargetConfig): string {
  return `ai.hermes.gateway${suffix(target)}`;
}

export function labelName(target: TargetConfig): string {
  return target.service.label ?? defaultLabel(target);
}

export function plistPath(label: string, host: Host): string {
  return path.join(host.homedir, 'Library', 'LaunchAgents', `${label}.plist`);
}

/** Top-level `key = value` pairs of `launchctl print gui/<uid>/<label>` (nested `{ … }` blocks are skipped). */
function parsePrint(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let depth = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    if (line === '}') {
      depth = Math.max(0, depth - 1);
      continue;
    }
    const m = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (m && depth === 1 && !m[2]!.endsWith('{')) out[m[1]!] = m[2]!;
    if (line.endsWith('{')) depth++;
  }
  return out;
}

const num = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);

function evidenceOf(label: string, props: Record<string, string>): ServiceEvidence {
  const ev: ServiceEvidence = { manager: 'launchd', name: label };
  const state = props.state;
  if (state) {
    ev.state = state;
    ev.active = state === 'running';
    ev.restarting = state === 'spawn scheduled';
  }
  const pid = num(props.pid);
  if (pid) ev.mainPid = pid;
  const runs = num(props.runs);
  if (runs !== undefined && runs > 0) ev.nRestarts = runs - 1;
  const code = /^-?\d+$/.test(props['last exit code'] ?? '') ? Number(props['last exit code']) : undefined;
  if (code !== undefined) ev.exitStatus = code;
  return ev;
}

// launchctl exits 113 for "Could not find service … in domain".
const NOT_FOUND = 113;

const code = (cmd: string) => `\`${cmd}\``;

export const launchd: SupervisorAdapter = {
  texts: { en: ownWords.en, 'zh-CN': ownWords.zhCN },
  where: ({ name }) => ({ key: 'init.home.service', params: { manager: 'launchd', name: name ?? '' } }),
  kind: 'launchd',
  async traces(target, host) {
    if (host.platform !== 'darwin') return undefined;
    const label = labelName(target);
    const p = plistPath(label, host);
    return (await fileExists(p)) ? { manager: 'launchd', name: label, path: p } : undefined;
  },
  async configured(target, host) {
    const label = labelName(target);
    const p = plistPath(label, host);
    return { manager: 'launchd', name: label, ...((await fileExists(p)) ? { path: p } : {}) };
  },
  async probe(_target, claim: Claim, host) {
    const label = claim.name!;
    const r = await runCommand(['launchctl', 'print', `gui/${host.uid}/${label}`], host);
    if (r.exitCode === NOT_FOUND) return { manager: 'launchd', name: label, active: false, state: 'not loaded' };
    if (r.exitCode !== 0) {
      const d = trimDetail(r.stderr || r.stdout, 200);
      return { manager: 'launchd', name: label, error: `launchctl print: ${r.failure}${d ? `: ${d}` : ''}` };
    }
    return evidenceOf(label, parsePrint(r.stdout));
  },
  plan(verb, target, svc, _claim, host) {
    const label = svc.name ?? labelName(target);
    const domain = `gui/${host.uid}`;
    if (verb === 'stop') return { run: [{ argv: ['launchctl', 'bootout', `${domain}/${label}`] }] };
    // 113 = not loaded (after `launchctl bootout`): loading the plist starts it (RunAtLoad).
    // -k kills a running instance first: a start has none to kill.
    const kick = ['launchctl', 'kickstart', ...(verb === 'restart' ? ['-k'] : []), `${domain}/${label}`];
    return {
      run: [
        { argv: kick, fallbackOnExit: NOT_FOUND, stopOnSuccess: true },
        { argv: ['launchctl', 'bootstrap', domain, plistPath(label, host)] },
      ],
    };
  },
  words({ target, hermes, service: s }: WordsContext): LeverWords {
    return {
      restart_how: {
        key: 'finding.service.restart.managed',
        params: { target, cmd: code(`${hermes} gateway restart`) },
      },
      restart: code(`${hermes} gateway restart`),
      start: code(`${hermes} gateway start`),
      journal: { key: ownText(ownWords.en, 'finding.service.journal.launchd') },
      supervisor: s.name
        ? {
            key: ownText(ownWords.en, 'finding.service.status.launchd'),
            params: { cmd: `launchctl print gui/$(id -u)/${s.name}` },
          }
        : { key: 'finding.service.status.command' },
    };
  },
};
