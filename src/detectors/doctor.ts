// Deployment lint, only when `doctor` gathered ev.doctor. None of these is fixed by a restart.
import type { Detector } from '../evidence.js';
import { finding } from './common.js';

/** The launchd plist's ProgramArguments, or null if there are none. */
function plistProgramArguments(text: string): string[] | null {
  const m = /<key>\s*ProgramArguments\s*<\/key>\s*<array>([\s\S]*?)<\/array>/.exec(text);
  if (!m) return null;
  return [...m[1]!.matchAll(/<string>([\s\S]*?)<\/string>/g)].map((x) => x[1]!.trim());
}

const launchdReplace: Detector = {
  check: 'launchd_replace',
  detect(ev, s) {
    const plist = ev.doctor?.launchdPlist;
    if (!plist) return [];
    const args = plistProgramArguments(plist.text);
    if (!args?.includes('--replace')) return [];
    return [
      finding(ev, s, {
        check: 'launchd_replace',
        severity: 'warning',
        restart: 'never',
        params: { path: plist.path },
        evidence: [`${plist.path}: ProgramArguments = ${args.join(' ')}`],
      }),
    ];
  },
};

/** The `Restart=` value of the unit's [Service] section (last one wins, as in systemd), or undefined. */
function unitRestart(text: string): string | undefined {
  let section = '';
  let value: string | undefined;
  for (const raw of text.split('\n')) {
    const l = raw.trim();
    if (!l || l.startsWith('#') || l.startsWith(';')) continue;
    const sec = /^\[(.+)\]$/.exec(l);
    if (sec) {
      section = sec[1]!;
      continue;
    }
    const kv = /^Restart\s*=\s*(.*)$/.exec(l);
    if (section === 'Service' && kv) value = kv[1]!.trim();
  }
  return value;
}

const systemdNoRestart: Detector = {
  check: 'systemd_no_restart',
  detect(ev, s) {
    const unit = ev.doctor?.systemdUnit;
    if (!unit) return [];
    const restart = unitRestart(unit.text);
    if (restart && restart !== 'no') return [];
    return [
      finding(ev, s, {
        check: 'systemd_no_restart',
        severity: 'warning',
        restart: 'never',
        params: { path: unit.path },
        evidence: [
          restart
            ? `${unit.path}: Restart=${restart}`
            : { key: 'evidence.no_restart_line', params: { path: unit.path } },
        ],
      }),
    ];
  },
};

const FEISHU_HOSTS = ['open.feishu.cn', 'feishu.cn', 'open.larksuite.com', 'larksuite.com'];

/** A NO_PROXY list that sends Feishu traffic around the proxy. */
function bypassesFeishu(noProxy: string): boolean {
  const entries = noProxy.split(/[,\s]+/).map((e) =>
    e
      .trim()
      .toLowerCase()
      .replace(/^\*?\./, ''),
  );
  return entries.some((e) => e === '*' || FEISHU_HOSTS.some((h) => h === e || h.endsWith(`.${e}`)));
}

const feishuProxy: Detector = {
  check: 'feishu_proxy',
  detect(ev, s) {
    const d = ev.doctor;
    if (!d?.proxies.length) return [];
    const usesFeishu =
      ev.expectedPlatforms.length === 0 || ev.expectedPlatforms.includes('feishu') || !!ev.state?.platforms?.feishu;
    if (!usesFeishu) return [];
    const bypassed = new Set(
      d.proxies.filter((p) => /^no_proxy$/i.test(p.name) && bypassesFeishu(p.value)).map((p) => p.source),
    );
    const proxies = d.proxies.filter((p) => !/^no_proxy$/i.test(p.name) && p.value.trim() && !bypassed.has(p.source));
    if (!proxies.length) return [];
    return [
      finding(ev, s, {
        check: 'feishu_proxy',
        severity: 'warning',
        restart: 'never',
        platform: 'feishu',
        params: { sources: [...new Set(proxies.map((p) => p.source))].join(', ') },
        evidence: proxies.map((p) => `${p.source}: ${p.name}=${p.value}`),
      }),
    ];
  },
};

/** A typo in hermes_home reads as "gateway not running" forever; a discovered ~/.hermes that is absent, too. */
const hermesHomeMissing: Detector = {
  check: 'hermes_home_missing',
  detect(ev, s) {
    const home = ev.doctor?.hermesHomeMissing;
    if (!home) return [];
    return [
      finding(ev, s, {
        check: 'hermes_home_missing',
        severity: 'critical',
        restart: 'never',
        params: { path: home },
        evidence: [{ key: 'evidence.no_such_directory', params: { path: home } }],
        // Its subject is the configured path itself, typo and all: never said `~`.
        homeAsIs: true,
      }),
    ];
  },
};

export const doctorDetectors: Detector[] = [hermesHomeMissing, launchdReplace, systemdNoRestart, feishuProxy];
