// `gatewatch uptime` on the CLI (test/helpers/cli-run.ts) with no daemon: the figures are read from the state_dir's history (a file as a
// daemon writes it: an hour of QQ with a 90-second outage), `--json` prints the documented contract, `--png` writes the
// picture (exit 73 where it cannot), a bad window is a usage error (exit 64), and in Chinese the words are Chinese.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyHistory } from '../src/history/model.js';
import { observe } from '../src/history/record.js';
import { historyFile } from '../src/history/store.js';
import { PNG } from 'pngjs';
import { CHART_ZOOM } from '../src/delivery/chart-png.js';
import { gatewatch as run } from './helpers/cli-run.js';

const gatewatch = (args: string[]) => run(args, { env: { LANG: 'C.UTF-8' } });

const MIN = 60_000;

function setup(locale?: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-cli-uptime-'));
  mkdirSync(path.join(dir, 'hermes', 'logs'), { recursive: true });
  const config = path.join(dir, 'config.yaml');
  writeFileSync(
    config,
    `${locale ? `locale: ${locale}\n` : ''}state_dir: ${dir}/state\ntargets:\n  - { name: default, hermes_home: ${dir}/hermes, service: { manager: none } }\n`,
  );
  // An hour ago until now: QQ down for 90 s twenty minutes in.
  const t0 = Date.now() - 60 * MIN;
  const h = emptyHistory('default', t0);
  observe(h, { qqbot: 'up' }, t0);
  observe(h, { qqbot: 'down' }, t0 + 20 * MIN);
  observe(h, { qqbot: 'up' }, t0 + 20 * MIN + 90_000);
  // Watched until now: the daemon that wrote it has just stopped.
  h.seenAt = Date.now();
  mkdirSync(path.join(dir, 'state', 'history'), { recursive: true });
  writeFileSync(historyFile(path.join(dir, 'state'), 'default'), JSON.stringify(h));
  return { config, t0 };
}

describe('gatewatch uptime', () => {
  it('--json prints the contract from the history on disk; the words say downtime first; a bad window exits 64', async () => {
    const { config, t0 } = setup();
    const json = await gatewatch(['uptime', '--config', config, '--json']);
    expect(json.code).toBe(0);
    const data = JSON.parse(json.stdout);
    expect(data).toMatchObject({ window: '24h', since: new Date(t0).toISOString() });
    expect(data.targets).toHaveLength(1);
    const [target] = data.targets;
    expect(target).toMatchObject({ target: 'default', downtime_s: 90, incidents: 0 });
    expect(target.availability).toBeGreaterThan(0.97);
    expect(target.availability).toBeLessThan(0.98);
    expect(target.platforms).toEqual([{ platform: 'qqbot', availability: target.availability, downtime_s: 90 }]);

    const words = await gatewatch(['uptime', 'default', '--config', config, '--window', '7d']);
    expect(words.code).toBe(0);
    expect(words.stdout).toMatch(/Uptime of default, last 7d/);
    expect(words.stdout).toMatch(/default: 97\.\d\d% up, downtime 1m 30s/);

    // --png: the picture into the file (the pixel tests are test/delivery/chart-png.test.ts), the words still printed.
    const file = path.join(path.dirname(config), 'uptime.png');
    const pic = await gatewatch(['uptime', '--config', config, '--png', file]);
    expect(pic.code).toBe(0);
    expect(pic.stdout).toMatch(/Uptime, last 24h/);
    const png = PNG.sync.read(readFileSync(file));
    expect(png.width).toBe(600 * CHART_ZOOM);
    const unwritable = await gatewatch(['uptime', '--config', config, '--png', path.join(file, 'no', 'such.png')]);
    expect(unwritable.code).toBe(73);
    expect(unwritable.stderr).toMatch(/could not write the picture to .*such\.png/);

    const bad = await gatewatch(['uptime', '--config', config, '--window', '1y']);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/24h, 7d or 30d/);
    // Refused by the command's schema, in words (issue 43 item 9), not a validator's.
    const long = await gatewatch(['uptime', 'x'.repeat(5000), '--config', config]);
    expect(long.code).toBe(64);
    expect(long.stdout).toContain(
      'Usage: gatewatch uptime [target] [--window 24h|7d|30d] [--json] [--png file] (a target name is at most 64 characters long)',
    );
    expect(long.stdout).not.toMatch(/Too big|expected string/);
  });

  it('a report.every that is no day and time: exit 78, naming the file, line and key', async () => {
    const { config } = setup();
    writeFileSync(config, `${readFileSync(config, 'utf8')}report:\n  every: monday\n`);
    const r = await gatewatch(['validate', '--config', config]);
    expect(r.code).toBe(78);
    expect(`${r.stdout}${r.stderr}`).toMatch(
      /config\.yaml:\d+: key "report\.every": expected a day and a time like "mon 09:00"/,
    );
  });

  it("a config error is said in the config's own locale, even on an English terminal (issue 43 item 9)", async () => {
    const { config } = setup('zh-CN');
    writeFileSync(config, `${readFileSync(config, 'utf8')}report:\n  every: monday\n`);
    for (const verb of ['validate', 'status', 'check']) {
      // check as cron runs it: its own bundle, which loads the Chinese catalogue only when it is needed.
      const r = await run([verb, '--config', config], { env: { LANG: 'C.UTF-8' }, spawn: verb === 'check' });
      expect(r.code, verb).toBe(78);
      expect(`${r.stdout}${r.stderr}`, verb).toMatch(
        /config\.yaml:\d+：键“report\.every”：应为星期几加时间，例如“mon 09:00”/,
      );
      expect(`${r.stdout}${r.stderr}`, verb).not.toMatch(/expected a day/);
    }
  });

  it('in Chinese', async () => {
    const { config } = setup('zh-CN');
    const r = await gatewatch(['uptime', '--config', config, '--window', '7d']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/可用性：最近 7 天/);
    expect(r.stdout).toMatch(/default：可用 97\.\d\d%，中断 1 分钟 30 秒/);
  });

  it('reads the history or says why in one line: a file it cannot read stays where it is, for the daemon to set aside', async () => {
    const { config } = setup();
    const dir = path.join(path.dirname(config), 'state', 'history');
    writeFileSync(
      config,
      `${readFileSync(config, 'utf8')}  - { name: later, hermes_home: ${path.dirname(config)}/hermes, service: { manager: none } }\n`,
    );
    const cut = readFileSync(path.join(dir, 'default.json'), 'utf8').slice(0, -20);
    writeFileSync(path.join(dir, 'default.json'), cut);
    writeFileSync(path.join(dir, 'later.json'), JSON.stringify({ version: 2, target: 'later', spans: [] }));
    const r = await gatewatch(['uptime', '--config', config]);
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['default.json', 'later.json']);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).toMatch(/^gatewatch: /);
    expect(r.stderr).not.toContain('{"level"');
    expect(r.stderr).toMatch(/default\.json was not read \(not JSON: cut short or damaged\)/);
    expect(r.stderr).toMatch(/later\.json was not read \(written by a later gatewatch, format 2\)/);
    expect(r.stdout).toMatch(/default: nothing watched/);
  });
});
