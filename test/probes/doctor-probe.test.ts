import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gatherDoctorEvidence } from '../../src/probes/doctor.js';
import { cleanup, envWithout, makeTarget, spawnIdle, startTicksOf, tempDir } from '../helpers/probe-procs.js';

afterEach(cleanup);

async function put(file: string, text: string) {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
}

// The user unit Hermes generates, plus a proxy line an operator added.
const UNIT = `[Unit]
Description=Hermes Agent Gateway - Messaging Platform Integration
After=network-online.target

[Service]
Type=simple
ExecStart=/home/ops/.hermes/hermes-agent/venv/bin/python -m hermes_cli.main gateway run
Environment="PATH=/home/ops/.hermes/hermes-agent/venv/bin:/usr/bin:/bin"
Environment="HERMES_HOME=/home/ops/.hermes"
Environment="HTTPS_PROXY=http://ops:unitpass@proxy.internal:3128" NO_PROXY=localhost
Environment="FEISHU_APP_SECRET=abcdefsecret"
Restart=always
RestartSec=5

[Install]
WantedBy=default.target
`;

const PLIST = `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
  <key>Label</key><string>ai.hermes.gateway</string>
  <key>ProgramArguments</key>
  <array><string>/usr/bin/python3</string><string>-m</string><string>hermes_cli.main</string><string>gateway</string><string>run</string><string>--replace</string></array>
  <key>EnvironmentVariables</key>
  <dict>
    <key>HERMES_HOME</key><string>/Users/ops/.hermes</string>
    <key>all_proxy</key><string>socks5://proxy.internal:1080</string>
    <key>QQ_CLIENT_SECRET</key><string>qqsecretvalue</string>
  </dict>
  <key>KeepAlive</key><true/>
</dict>
</plist>
`;

describe('gatherDoctorEvidence', () => {
  it('collects the unit, the plist and proxies from every source, credentials redacted', async () => {
    const home = await tempDir('gw-home-');
    const hermes = path.join(home, '.hermes');
    await put(path.join(home, '.config/systemd/user/hermes-gateway.service'), UNIT);
    await put(path.join(home, 'Library/LaunchAgents/ai.hermes.gateway.plist'), PLIST);
    await put(
      path.join(hermes, '.env'),
      '# proxies\nexport http_proxy="http://envuser:envpass@10.0.0.1:8080"\nQQ_APP_ID=123\n',
    );
    const env = envWithout('ALL_PROXY', {
      HERMES_HOME: hermes,
      HTTP_PROXY: 'http://pu:procpass@proxy.internal:3128',
      https_proxy: '',
    });
    for (const k of ['all_proxy', 'http_proxy', 'HTTPS_PROXY']) delete env[k];
    const child = spawnIdle(['gateway', 'run'], env);
    const pid = child.pid!;
    await put(
      path.join(hermes, 'gateway.pid'),
      JSON.stringify({
        pid,
        kind: 'hermes-gateway',
        argv: ['x', 'gateway', 'run'],
        start_time: await startTicksOf(pid),
      }),
    );

    const ev = await gatherDoctorEvidence(
      makeTarget(hermes),
      { manager: 'systemd', name: 'hermes-gateway.service', mainPid: pid },
      { homedir: home, systemUnitDir: path.join(home, 'none') },
    );

    expect(ev.systemdUnit?.path).toBe(path.join(home, '.config/systemd/user/hermes-gateway.service'));
    expect(ev.systemdUnit?.text).toContain('Restart=always');
    expect(ev.launchdPlist?.text).toContain('<string>--replace</string>');
    const all = JSON.stringify(ev);
    for (const secret of ['unitpass', 'envpass', 'procpass', 'abcdefsecret', 'qqsecretvalue'])
      expect(all).not.toContain(secret);

    const proxies = ev.proxies.map((p) => `${p.name}=${p.value}`);
    expect(proxies).toContain('HTTPS_PROXY=http://***@proxy.internal:3128');
    expect(proxies).toContain('http_proxy=http://***@10.0.0.1:8080');
    expect(proxies).toContain('HTTP_PROXY=http://***@proxy.internal:3128');
    expect(proxies).toContain('all_proxy=socks5://proxy.internal:1080');
    expect(ev.proxies.find((p) => p.name === 'HTTP_PROXY')?.source).toBe(`gateway environment (pid ${pid})`);
    expect(ev.proxies.find((p) => p.name === 'http_proxy')?.source).toBe(path.join(hermes, '.env'));
    expect(ev.proxies.find((p) => p.name === 'HTTPS_PROXY')?.source).toBe(ev.systemdUnit?.path);
    expect(proxies.some((p) => p.startsWith('NO_PROXY') || p.endsWith('='))).toBe(false);
    expect(ev.proxies.filter((p) => p.source.startsWith('gateway environment')).map((p) => p.name)).toEqual([
      'HTTP_PROXY',
    ]);
  });

  it('finds nothing quietly on a bare home', async () => {
    const home = await tempDir('gw-home-');
    await mkdir(path.join(home, '.hermes'));
    const ev = await gatherDoctorEvidence(
      makeTarget(path.join(home, '.hermes')),
      { manager: 'none' },
      { homedir: home, systemUnitDir: path.join(home, 'none') },
    );
    expect(ev).toEqual({ proxies: [] });
  });

  it('notes a hermes_home that does not exist (a typo like ~/.hermse), or is a file', async () => {
    const home = await tempDir('gw-home-');
    await mkdir(path.join(home, '.hermes'));
    const typo = path.join(home, '.hermse');
    let ev = await gatherDoctorEvidence(
      makeTarget(typo),
      { manager: 'none' },
      { homedir: home, systemUnitDir: path.join(home, 'none') },
    );
    expect(ev.hermesHomeMissing).toBe(typo);
    await put(typo, 'not a directory');
    ev = await gatherDoctorEvidence(
      makeTarget(typo),
      { manager: 'none' },
      { homedir: home, systemUnitDir: path.join(home, 'none') },
    );
    expect(ev.hermesHomeMissing).toBe(typo);
  });

  it('reads a system unit and its EnvironmentFile', async () => {
    const home = await tempDir('gw-home-');
    const sys = path.join(home, 'etc');
    await put(path.join(home, 'proxy.env'), 'HTTPS_PROXY=http://proxy.corp:8080\n');
    await put(
      path.join(sys, 'hermes-gateway-coder.service'),
      `[Service]\nEnvironmentFile=-${path.join(home, 'proxy.env')}\n`,
    );
    const t = makeTarget(path.join(home, '.hermes/profiles/coder'), { profile: 'coder' });
    const ev = await gatherDoctorEvidence(
      t,
      { manager: 'systemd', name: 'hermes-gateway-coder.service' },
      { homedir: home, systemUnitDir: sys },
    );
    expect(ev.systemdUnit?.path).toBe(path.join(sys, 'hermes-gateway-coder.service'));
    expect(ev.proxies).toEqual([
      { source: path.join(home, 'proxy.env'), name: 'HTTPS_PROXY', value: 'http://proxy.corp:8080' },
    ]);
  });
});
