// The demo's scripts as dozens of tests and every `gatewatch demo` start them: a launcher and one bundle each, run from
// the code cache the build made (scripts/bundle.mjs, src/demo/launch.ts), and the gateway without the text catalogues
// it never prints from. Run for real, with a resolve hook and the require cache recording every module node loads.
// `npm test` builds dist/ first; run `npm run build` before running this alone.
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
  `import { register, createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
register(${JSON.stringify(new URL(`file://${path.join(tmp, 'hooks.mjs')}`).href)});
const required = createRequire(import.meta.url).cache;
process.on('exit', () => appendFileSync(process.env.GW_TRACE, Object.keys(required).map((f) => pathToFileURL(f).href + '\\n').join('')));\n`,
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
    // Asked to stop, so that it says at its exit what it required; killed if it does not.
    child.kill('SIGTERM');
    const killing = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killing);
  }
  return [
    ...new Set(
      readFileSync(trace, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('file:'))
        .map((l) => path.relative(DIST, fileURLToPath(l))),
    ),
  ].sort();
}

describe('what the demo scripts load', () => {
  it('the demo gateway is one file: no text catalogue, no module of ours beside it', async () => {
    const home = path.join(tmp, 'home');
    const files = await loaded('gateway.js', ['gateway', 'run', '--home', home], async () => {
      await until('the demo gateway running', () => /"gateway_state":"running"/.test(readState(home)));
    });
    expect(files).toEqual([path.join('demo', 'gateway.cjs'), path.join('demo', 'gateway.js')]);
    // Nor inside it: the platforms' demo faults come with their registry and i18n, whose catalogues it never reads.
    const bundle = readFileSync(path.join(DIST, 'demo', 'gateway.cjs'), 'utf8');
    const long = (texts: Record<string, string>) =>
      Object.values(texts).filter((v) => v.length > 60 && !v.includes('{'));
    const inside = [...long(en), ...long(zhCN)].filter((v) => bundle.includes(JSON.stringify(v).slice(1, -1)));
    expect(inside.slice(0, 3)).toEqual([]);
  });

  it('the demo supervisor is one file too, and loads the zh-CN catalogue only for a Chinese terminal', async () => {
    const home = path.join(tmp, 'ctl-home');
    const exit = (child: ReturnType<typeof spawn>) => new Promise<void>((r) => child.on('exit', () => r()));
    const english = { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
    const ctl = [path.join('demo', 'ctl.cjs'), path.join('demo', 'ctl.js')];
    expect(await loaded('ctl.js', ['status', '--home', home], exit, english)).toEqual(ctl);
    const chinese = { LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
    expect(await loaded('ctl.js', ['status', '--home', home], exit, chinese)).toEqual([
      'bundle-check-zh-CN.cjs',
      ...ctl,
    ]);
  });

  it('each runs its bundle from the code cache the build made beside it', async () => {
    const said = async (script: string, args: string[], until: RegExp) => {
      const child = spawn(process.execPath, [path.join(DIST, 'demo', script), ...args], {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, GATEWATCH_DEBUG: '1', LANG: 'C.UTF-8', LC_ALL: '' },
      });
      let err = '';
      child.stderr!.on('data', (d) => {
        err += d;
        if (until.test(err)) child.kill('SIGTERM');
      });
      await new Promise((r) => child.on('close', r));
      return err;
    };
    const cache = /code-cache=(\w+) bundle=\S+/;
    expect(cache.exec(await said('ctl.js', ['status', '--home', path.join(tmp, 'no-home')], cache))?.[0]).toBe(
      'code-cache=used bundle=ctl.cjs',
    );
    const home = path.join(tmp, 'cached-home');
    expect(cache.exec(await said('gateway.js', ['gateway', 'run', '--home', home], cache))?.[0]).toBe(
      'code-cache=used bundle=gateway.cjs',
    );
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
