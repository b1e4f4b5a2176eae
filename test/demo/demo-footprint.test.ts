// The demo's scripts as dozens of tests and every `gatewatch demo` start them: one file each for node to read and
// compile (scripts/bundle.mjs), and the gateway without the text catalogues it never prints from. Run for real, with a
// resolve hook that records every module node loads. `npm test` builds dist/ first; run `npm run build` before running
// this alone.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { en } from '../../src/text/en.js';
import { zhCN } from '../../src/text/zh-CN.js';
import { DIST } from '../helpers/paths.js';
import { until } from '../helpers/until.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'gw-demo-footprint-'));
const register = path.join(tmp, 'register.mjs');
// Hooks run on their own thread in Node 20: each resolved URL is appended to the trace file.
writeFileSync(
  path.join(tmp, 'hooks.mjs'),
  `import { appendFileSync } from 'node:fs';
export async function resolve(spec, ctx, next) { const r = await next(spec, ctx); appendFileSync(process.env.GW_TRACE, r.url + '\\n'); return r; }\n`,
);
writeFileSync(
  register,
  `import { register } from 'node:module';\nregister(${JSON.stringify(new URL(`file://${path.join(tmp, 'hooks.mjs')}`).href)});\n`,
);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Our modules a demo script loaded (paths under dist/src), once it has run to `done`. */
async function loaded(
  script: string,
  args: string[],
  done: (child: ReturnType<typeof spawn>) => Promise<void>,
  env: Record<string, string> = {},
): Promise<string[]> {
  const trace = path.join(tmp, `trace-${Math.random().toString(36).slice(2)}`);
  writeFileSync(trace, '');
  const child = spawn(process.execPath, ['--import', register, path.join(DIST, 'demo', script), ...args], {
    stdio: 'ignore',
    env: { ...process.env, ...env, GW_TRACE: trace },
  });
  const exited = new Promise((r) => child.on('close', r));
  try {
    await done(child);
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
  return readFileSync(trace, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('file:'))
    .map((l) => path.relative(DIST, fileURLToPath(l)));
}

describe('what the demo scripts load', () => {
  it('the demo gateway is one file: no text catalogue, no module of ours beside it', async () => {
    const home = path.join(tmp, 'home');
    const files = await loaded('gateway.js', ['gateway', 'run', '--home', home], async () => {
      await until('the demo gateway running', () => /"gateway_state":"running"/.test(readState(home)));
    });
    expect(files).toEqual([path.join('demo', 'gateway.js')]);
    // Nor inside it: the platforms' demo faults come with their registry and i18n, whose catalogues it never reads.
    const bundle = readFileSync(path.join(DIST, 'demo', 'gateway.js'), 'utf8');
    const long = (texts: Record<string, string>) =>
      Object.values(texts).filter((v) => v.length > 60 && !v.includes('{'));
    const inside = [...long(en), ...long(zhCN)].filter((v) => bundle.includes(JSON.stringify(v).slice(1, -1)));
    expect(inside.slice(0, 3)).toEqual([]);
  });

  it('the demo supervisor is one file too, and loads the zh-CN catalogue only for a Chinese terminal', async () => {
    const home = path.join(tmp, 'ctl-home');
    const exit = (child: ReturnType<typeof spawn>) => new Promise<void>((r) => child.on('exit', () => r()));
    const english = { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
    expect(await loaded('ctl.js', ['status', '--home', home], exit, english)).toEqual([path.join('demo', 'ctl.js')]);
    const chinese = { LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
    expect(await loaded('ctl.js', ['status', '--home', home], exit, chinese)).toEqual([
      path.join('demo', 'ctl.js'),
      'bundle-check-zh-CN.cjs',
    ]);
  });
});

describe("what the demo supervisor's status costs", () => {
  it('no node:crypto (some twenty modules of node to compile): the supervisor hashes nothing to say what runs', async () => {
    const preload = path.join(tmp, 'builtins.cjs');
    const said = path.join(tmp, 'builtins.txt');
    writeFileSync(
      preload,
      `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(said)}, process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)).join('\\n')));\n`,
    );
    const child = spawn(
      process.execPath,
      ['--require', preload, path.join(DIST, 'demo', 'ctl.js'), 'status', '--home', path.join(tmp, 'no-home')],
      { stdio: 'ignore' },
    );
    await new Promise((r) => child.on('close', r));
    const builtins = readFileSync(said, 'utf8').split('\n');
    expect(builtins).toContain('fs');
    expect(builtins).not.toContain('crypto');
  });
});

function readState(home: string): string {
  try {
    return readFileSync(path.join(home, 'gateway_state.json'), 'utf8');
  } catch {
    return '';
  }
}
