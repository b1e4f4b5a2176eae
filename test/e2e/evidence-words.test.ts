// Issue 77 item 7: what the built daemon's alerts quote is for a person on a phone, not for this host. Three homes the
// real gateway leaves: QQ down with Hermes' error code in gateway_state.json, a container's WhatsApp whose lines quote
// the home as the container mounts it (`/opt/data/…`), and a gateway an unplanned SIGTERM from PID 1 ended (its
// `Shutdown context:` line names this host's own PID 1). `gatewatch run --console` says them as a person reads them:
// the platform's name and its state in words, the home as this host's path (`~` the user's home), no container's path.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { endCli, startConsoleCli } from '../helpers/console-cli.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';
import { containerUnavailable } from '../helpers/ns-gateway.js';
import {
  ago,
  chat,
  containerGatewayFor,
  entryAgo,
  every,
  gatewayFor,
  isoAgo,
  QQ,
  writeHome,
} from '../helpers/evidence-homes.js';

let child: ChildProcessWithoutNullStreams | undefined;
afterAll(async () => {
  await endCli(child);
  await cleanup();
});

const chatting = (p: string) => every(3000, 300, 10).flatMap((s) => chat(p, s, `${p}-user`));

/** This host's PID 1, by the name Hermes' `Shutdown context:` gives a signal's sender (its comm). */
const pid1 = readFileSync('/proc/1/comm', 'utf8').trim();

/** An unplanned SIGTERM's lines, its sender this host's PID 1 (hermes-gateway-current.md §8, the real v0.20.2's). */
const sigterm = (s: number) => [
  `${ago(s)} INFO gateway.run: Received SIGTERM — initiating shutdown`,
  `${ago(s)} WARNING gateway.run: Shutdown context: signal=SIGTERM under_systemd=yes parent_pid=1 parent_name=${pid1} loadavg_1m=6.01 parent_cmdline='/sbin/init'`,
  `${ago(s)} INFO gateway.run: Stopping gateway...`,
  `${ago(s - 1)} INFO gateway.run: Gateway stopped by an unexpected signal — persisting gateway_state=running so container_boot auto-starts on the next boot (issue #42675)`,
  `${ago(s - 1)} INFO gateway.run: Gateway stopped (total teardown 0.20s)`,
  `${ago(s - 1)} INFO gateway.run: Exiting with code 1 (signal-initiated shutdown without restart request) so systemd Restart=on-failure can revive the gateway.`,
];

describe('what an alert quotes, as a person reads it (issue 77 item 7)', { timeout: 180_000 }, () => {
  it.skipIf(containerUnavailable())(
    'QQ down with its error code, a container’s WhatsApp lines with its home, a SIGTERM from PID 1: the platform’s name, `~`, nothing of the host’s',
    async () => {
      const dir = await tempDir('gw-words-');
      const [qq, wa, sig] = ['qq', 'wa', 'sig'].map((n) => path.join(dir, n));
      const qqPid = await gatewayFor(qq!);
      const waGw = await containerGatewayFor(wa!);
      const sigPid = await gatewayFor(sig!);
      const err = 'Failed to get QQ Bot gateway URL: All connection attempts failed';
      await writeHome(qq!, qqPid, {
        platforms: {
          telegram: entryAgo('connected', 3590),
          qqbot: { state: 'disconnected', error_code: 'qq_connect_error', error_message: err, updated_at: isoAgo(30) },
        },
        gateway: [
          ...chatting('telegram'),
          `${ago(900)} WARNING ${QQ} WebSocket error: WebSocket closed`,
          ...every(898, 60, 15).flatMap((s, i) => [
            `${ago(s)} WARNING ${QQ} Reconnect failed: ${err}`,
            `${ago(s)} INFO ${QQ} Reconnecting in 60s (attempt ${i + 2})...`,
          ]),
        ],
      });
      // The adapter's print()s quote the bridge's log where the container mounts the home.
      await writeHome(
        wa!,
        waGw.pid,
        {
          platforms: {
            telegram: entryAgo('connected', 3590),
            whatsapp: { ...entryAgo('retrying', 20), error_message: 'failed to reconnect' },
          },
          gateway: [
            ...chatting('telegram'),
            `${ago(3590)} WARNING gateway.run: ✗ whatsapp failed to connect`,
            ...every(1800, 300, 6).flatMap((s, i) => [
              `${ago(s)} INFO gateway.run: Reconnecting whatsapp (attempt ${i + 1})...`,
              `${ago(s)} INFO hermes_plugins.whatsapp_platform.adapter: [Whatsapp] Bridge found at /opt/hermes/scripts/whatsapp-bridge/bridge.js`,
              `${ago(s - 1)} INFO hermes_plugins.whatsapp_platform.adapter: [Whatsapp] Bridge process died (exit code 1)`,
              `${ago(s - 1)} INFO hermes_plugins.whatsapp_platform.adapter: [Whatsapp] Check log: /opt/data/platforms/whatsapp/bridge.log`,
              `${ago(s - 2)} INFO gateway.run: Reconnect whatsapp failed, next retry in 300s`,
            ]),
          ],
        },
        waGw,
      );
      await mkdir(path.join(wa!, 'platforms', 'whatsapp'), { recursive: true });
      await writeFile(
        path.join(wa!, 'platforms', 'whatsapp', 'bridge.log'),
        `${["Error: Cannot find module '@whiskeysockets/baileys'", 'Require stack:', '- /opt/hermes/scripts/whatsapp-bridge/bridge.js', 'Node.js v20.20.2'].join('\n')}\n`,
      );
      // The gateway a SIGTERM from PID 1 ended: its state file still says running (as Hermes keeps it), no pid file.
      await writeHome(sig!, sigPid, {
        platforms: { telegram: entryAgo('connected', 3590) },
        gateway: [...chatting('telegram'), ...sigterm(20)],
      });
      process.kill(sigPid, 'SIGKILL');
      await rm(path.join(sig!, 'gateway.pid'), { force: true });

      const service = (active: boolean) =>
        `{ manager: command, is_active: ['${active}'], restart: ['false'], start: ['false'] }`;
      const config = path.join(dir, 'gatewatch.yaml');
      writeFileSync(
        config,
        [
          `state_dir: ${path.join(dir, 'state')}`,
          `schedule: '*/2 * * * * *'`,
          'detect: { reachability: false }',
          'remediate: { auto_restart: false }',
          'targets:',
          `  - { name: qq, hermes_home: ${qq}, service: ${service(true)} }`,
          `  - { name: wa, hermes_home: ${wa} }`,
          `  - { name: sig, hermes_home: ${sig}, service: ${service(false)} }`,
        ].join('\n'),
      );
      const cli = startConsoleCli(dir, ['run', '--console', '--config', config], { waitMs: 90_000 });
      child = cli.child;
      const said: Record<string, string> = {};
      for (const [target, title] of [
        ['qq', /🔴 qq: QQ cannot be reached from this host/u],
        ['wa', /🔴 wa: WhatsApp/u],
        ['sig', /🔴 sig: Gateway was stopped by SIGTERM/u],
      ] as const) {
        const at = await cli.waitFor(title);
        // The alert: its title up to the next one (its fields, lines and the evidence it quotes).
        const rest = cli.out().slice(at);
        const end = rest.search(/\n(?:🔴|🟠|✅|ℹ️) /u);
        said[target] = end < 0 ? rest : rest.slice(0, end);
      }
      const all = Object.values(said).join('\n');
      // The platform's name and its state in words; never Hermes' keys.
      expect(said.qq).toContain('gateway_state.json: QQ disconnected (Failed to get QQ Bot gateway URL');
      expect(all).not.toMatch(/\bqqbot=|\bwhatsapp=|\berror_code=|qq_connect_error/);
      // The home is the path a person pastes on this host (the user's home `~`), however the container mounts it
      // (issue 80 item 5: a bare `~` was a wrong path).
      expect(said.wa).toContain('~/wa/platforms/whatsapp/bridge.log');
      expect(all).not.toContain('/opt/data');
      expect(all).not.toContain(dir);
      // Who sent the SIGTERM, unless that is PID 1: its name is this host's.
      expect(said.sig).toMatch(/Shutdown context: signal=SIGTERM under_systemd=yes loadavg_1m=6\.01 parent_cmdline=…/);
      expect(all).not.toContain('parent_name=');
      expect(all).not.toContain(`parent_name=${pid1}`);
    },
  );
});
