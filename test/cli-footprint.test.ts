// What a one-shot `gatewatch status` (no daemon: the CLI answers itself) loads beyond what it prints (issue 21 item 2):
// not the demo's supervisor and a second copy of the text catalogues, not node:crypto (it hashes nothing), not ICU's
// word-break data for a table of English labels; and not the picture renderer unless a picture is drawn. The built
// CLI runs for real, with a hook that records the modules node resolves and requires, and counts the Intl.Segmenters
// built.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, DIST } from './helpers/paths.js';
import { idleGatewayHome } from './helpers/live-gateway.js';
import { zhCN } from '../src/text/zh-CN.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'gw-cli-footprint-'));
const register = path.join(tmp, 'register.mjs');
let config = '';
let gateway: ReturnType<typeof spawn> | undefined;

beforeAll(() => {
  // Hooks run on their own thread in Node 20: each resolved URL is appended to the trace file.
  writeFileSync(
    path.join(tmp, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function resolve(spec, ctx, next) { const r = await next(spec, ctx); appendFileSync(process.env.GW_TRACE, r.url + '\\n'); return r; }\n`,
  );
  writeFileSync(
    register,
    `import { register, createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
register(${JSON.stringify(new URL(`file://${path.join(tmp, 'hooks.mjs')}`).href)});
const required = createRequire(import.meta.url).cache;
const Segmenter = Intl.Segmenter;
let built = 0;
Intl.Segmenter = class extends Segmenter { constructor(...a) { super(...a); built++; } };
process.on('exit', () => appendFileSync(process.env.GW_TRACE, ['segmenters:' + built, ...Object.keys(required).map((f) => pathToFileURL(f).href), ...process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => 'builtin:' + m.slice(13))].join('\\n') + '\\n'));\n`,
  );
  // A healthy Hermes home: a live `… gateway run` serving it, both platforms connected, a recent log.
  const home = path.join(tmp, 'hermes');
  gateway = idleGatewayHome(home);
  config = path.join(tmp, 'gatewatch.yaml');
  writeFileSync(
    config,
    `state_dir: ${path.join(tmp, 'state')}\ntargets:\n  - { name: cold, hermes_home: ${home}, platforms: [feishu, qqbot], service: { manager: none } }\n`,
  );
});

afterAll(() => {
  gateway?.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

async function traced(args: string[]): Promise<{
  code: number | null;
  out: string;
  ours: string[];
  resolved: string[];
  builtins: string[];
  segmenters: number;
}> {
  const trace = path.join(tmp, `trace-${Math.random().toString(36).slice(2)}`);
  writeFileSync(trace, '');
  const child = spawn(process.execPath, ['--import', register, CLI, ...args], {
    env: { ...process.env, GATEWATCH_CONFIG: '', LANG: 'C', LC_ALL: '', GW_TRACE: trace },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  const lines = readFileSync(trace, 'utf8').split('\n');
  return {
    code,
    out,
    ours: lines.filter((l) => l.startsWith(`file://${DIST}`)).map((l) => path.relative(DIST, new URL(l).pathname)),
    resolved: lines.filter((l) => l.startsWith('file://')),
    builtins: lines.filter((l) => l.startsWith('builtin:')).map((l) => l.slice('builtin:'.length)),
    segmenters: Number(lines.find((l) => l.startsWith('segmenters:'))?.slice('segmenters:'.length)),
  };
}

describe('what a one-shot `gatewatch status` loads', () => {
  it('prints the healthy target without the demo, node:crypto or an Intl.Segmenter', async () => {
    const r = await traced(['status', '--config', config]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^✅ cold: healthy\n {2}process +running pid \d+/);
    // Three files of ours: the executable, the one bundle the command runs from (bundle-cli.cjs, with its code cache)
    // and the zh-CN catalogue, which every command but the daemon loads as it starts (src/cli.ts); not the demo's
    // files in dist/src/demo and their own copy of the catalogues, not a chunk.
    expect([...new Set(r.ours)].sort()).toEqual(['bundle-check-zh-CN.cjs', 'bundle-cli.cjs', 'cli.js']);
    expect(r.builtins).not.toContain('crypto');
    expect(r.segmenters).toBe(0);
  });
});

describe('the /uptime picture is drawn only when asked for', () => {
  it('`gatewatch uptime` answers without loading the renderer; `--png` writes the picture, drawn by a child that loads it', async () => {
    const words = await traced(['uptime', '--config', config]);
    expect(words.code).toBe(0);
    expect(words.out).toMatch(/Uptime, last 24h/);
    expect(words.resolved.filter((u) => u.includes('resvg'))).toEqual([]);
    const file = path.join(tmp, 'uptime.png');
    const picture = await traced(['uptime', '--config', config, '--png', file]);
    expect(picture.code).toBe(0);
    expect(picture.resolved.filter((u) => u.includes('resvg'))).toEqual([]);
    expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('what the daemon loads', () => {
  it("an English config's daemon never loads the zh-CN catalogue (~1.2 MB of its RSS); a Chinese config's does, and speaks it", async () => {
    // Any file of ours that holds the catalogue's banner line, as the build writes it (non-ASCII escaped). The console
    // ends at the end of stdin: the daemon starts, says what it watches, and stops.
    const line = zhCN['banner.watching'].replace(
      /[^\x00-\x7e]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
    );
    const zh = (files: string[]) => files.filter((f) => readFileSync(path.join(DIST, f), 'latin1').includes(line));
    const en = await traced(['run', '--console', '--config', config]);
    expect(en.out).toContain('gatewatch is watching cold');
    expect(en.ours).toContain('cli.js');
    expect(zh(en.ours)).toEqual([]);
    const zhConfig = path.join(tmp, 'gatewatch-zh.yaml');
    writeFileSync(zhConfig, `locale: zh-CN\n${readFileSync(config, 'utf8')}`);
    const cn = await traced(['run', '--console', '--config', zhConfig]);
    expect(cn.out).toMatch(/gatewatch 正在看守 cold/);
    expect(zh(cn.ours).length).toBeGreaterThan(0);
  });
});
