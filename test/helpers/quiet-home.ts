// A config watching one quiet Hermes home (an empty gateway.log, no manager) in a new temp folder: what a CLI test
// needs to run a command against a target without a gateway.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function quietHome(o: { prefix?: string; target?: string; head?: string } = {}): {
  home: string;
  hermes: string;
  config: string;
} {
  const home = mkdtempSync(path.join(os.tmpdir(), o.prefix ?? 'gw-quiet-'));
  const hermes = path.join(home, 'hermes');
  mkdirSync(path.join(hermes, 'logs'), { recursive: true });
  writeFileSync(path.join(hermes, 'logs', 'gateway.log'), '');
  const config = path.join(home, 'config.yaml');
  writeFileSync(
    config,
    `${o.head ?? ''}state_dir: ${home}/state\ntargets: [{ name: ${o.target ?? 'box'}, hermes_home: ${hermes}, service: { manager: none } }]\n`,
  );
  return { home, hermes, config };
}
