// The passes over the bundles once esbuild has written them (scripts/bundle.mjs runs them in this order): regular
// expressions made ASCII, check's import() calls made __gwImport calls, and the V8 code caches.
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

let acorn;

// V8 keeps each module's source in memory for as long as the process lives (lazy compilation reads it again), and one
// character above U+00FF makes the whole string two bytes a character: check's 590 KB bundle took 1.2 MB of heap
// for the few ✓, — and 🌉 in the regular expressions of the detectors (issue 21). esbuild escapes strings, templates
// and identifiers but writes regular expression literals as they are; \uXXXX means the same there (a character
// above U+FFFF as its surrogate pair: one code point with the u flag, two code units without, as the literal was).
// The parser's tokens say where the literals are (acorn, loaded only when an output has such a character): a `/` is
// a regular expression or a division by the grammar around it, which only a parser knows.
export async function asciiRegexps(out, isOutput) {
  for (const f of readdirSync(out).filter(isOutput)) {
    const file = path.join(out, f);
    const text = await readFile(file, 'utf8');
    if (!/[^\x00-\xff]/.test(text)) continue;
    acorn ??= await import('acorn');
    const spans = [];
    acorn.parse(text, {
      ecmaVersion: 'latest',
      sourceType: 'module',
      onToken: (t) => t.type === acorn.tokTypes.regexp && spans.push([t.start, t.end]),
    });
    let escaped = '';
    let at = 0;
    for (const [start, end] of spans) {
      const re = text.slice(start, end);
      // After an odd run of backslashes the character is an identity escape (`\—`, the character itself): that
      // backslash goes.
      const units = (c) =>
        c
          .split('')
          .map((u) => '\\u' + u.charCodeAt(0).toString(16).padStart(4, '0'))
          .join('');
      escaped +=
        text.slice(at, start) + re.replace(/(\\*)([^\x00-\xff])/gu, (_, bs, c) => bs.slice(bs.length % 2) + units(c));
      at = end;
    }
    escaped += text.slice(at);
    // Left: in a tagged template's raw text, where an escape would change what the tag sees.
    if (/[^\x00-\xff]/.test(escaped))
      console.warn(
        `bundle: ${f} keeps characters above U+00FF outside regular expressions: its source stays two bytes a character`,
      );
    writeFileSync(file, escaped);
  }
}

// check's bundle calls __gwImport (src/main.ts passes it) where it would call import(): a script compiled from a code
// cache loses node's import() callback. In a script (no import declarations), an `import` token before `(` is a call.
export async function importCalls(checkFile) {
  const text = await readFile(checkFile, 'latin1');
  acorn ??= await import('acorn');
  const starts = [];
  let last;
  acorn.parse(text, {
    ecmaVersion: 'latest',
    sourceType: 'script',
    onToken: (t) => {
      if (t.type === acorn.tokTypes.parenL && last?.type === acorn.tokTypes._import) starts.push(last.start);
      last = t;
    },
  });
  let replaced = '';
  let at = 0;
  for (const start of starts) {
    replaced += text.slice(at, start) + '__gwImport';
    at = start + 'import'.length;
  }
  writeFileSync(checkFile, replaced + text.slice(at), 'latin1');
}

// The code caches (dist/src/bundle-check.cjs.cache, bundle-cli.cjs.cache and bundle-cli.cjs.service.cache): the built
// CLI runs each bundle's command (`bundles`: its file, its command's first arguments, and `service` for a node started
// with the daemon's V8 flags, as the service starts it) once on a healthy temporary Hermes home and writes what V8
// compiled by its end (GATEWATCH_CODE_CACHE_OUT), then a second run must say that V8 took it. The same entry sets the
// same V8 flags as every run of that command (V8 refuses a cache made under others), so no NODE_OPTIONS. Where this
// cannot run, a bundle ships without a cache and compiles as any module would.
export async function codeCache(out, bundles) {
  // src/main.ts picks the service's cache for a node started with exactly these (tsc's file of them, in `out`).
  const { DAEMON_NODE_FLAGS } = await import(pathToFileURL(path.join(out, 'deploy', 'daemon-flags.js')).href);
  const cacheOf = ({ file, service }) => `${file}${service ? '.service' : ''}.cache`;
  for (const b of bundles) rmSync(cacheOf(b), { force: true });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'gw-code-cache-'));
  const home = path.join(tmp, 'hermes');
  // A `… gateway run` process serving the home, as the process probe requires.
  const gateway = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)', 'gateway', 'run'], {
    stdio: 'ignore',
    env: { ...process.env, HERMES_HOME: home },
  });
  try {
    mkdirSync(path.join(home, 'logs'), { recursive: true });
    const at = new Date(Date.now() - 5_000);
    const p = (n, w = 2) => String(n).padStart(w, '0');
    const stamp = `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())} ${p(at.getHours())}:${p(at.getMinutes())}:${p(at.getSeconds())},${p(at.getMilliseconds(), 3)}`;
    writeFileSync(path.join(home, 'logs', 'gateway.log'), `${stamp} INFO gateway.run: Press Ctrl+C to stop\n`);
    writeFileSync(path.join(home, 'gateway.pid'), String(gateway.pid));
    const platforms = { feishu: { state: 'connected' }, qqbot: { state: 'connected' } };
    writeFileSync(
      path.join(home, 'gateway_state.json'),
      JSON.stringify({ pid: gateway.pid, gateway_state: 'running', platforms, updated_at: new Date().toISOString() }),
    );
    const config = path.join(tmp, 'gatewatch.yaml');
    writeFileSync(
      config,
      `state_dir: ${path.join(tmp, 'state')}\ntargets:\n  - { name: build, hermes_home: ${home}, platforms: [feishu, qqbot], service: { manager: none } }\n`,
    );
    const made = path.join(tmp, 'cache');
    const env = {
      ...process.env,
      GATEWATCH_CONFIG: '',
      GATEWATCH_DEBUG: '',
      NODE_OPTIONS: '',
      LANG: 'C.UTF-8',
      LC_ALL: '',
    };
    for (const b of bundles) {
      const { file, args } = b;
      const cacheFile = cacheOf(b);
      const flags = b.service ? DAEMON_NODE_FLAGS : [];
      await oneCache(file, cacheFile, made, async (extra) => {
        const r = spawnSync(process.execPath, [...flags, path.join(out, 'cli.js'), ...args, '--config', config], {
          env: { ...env, ...extra },
          encoding: 'utf8',
          timeout: 60_000,
        });
        if (r.status !== 0) throw new Error(`${args[0]} exited ${r.status}: ${r.stdout}${r.stderr}`);
        return r;
      });
    }
  } catch (err) {
    // The temporary home could not be made: no bundle gets a cache, and the build goes on.
    for (const b of bundles) {
      rmSync(cacheOf(b), { force: true });
      console.warn(`bundle: ${path.basename(cacheOf(b))} is not made: ${err.message}`);
    }
  } finally {
    gateway.kill('SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * `file`'s cache at `cacheFile`: `run` (given the environment to add) once, writing what V8 compiled to `made`, which is
 * moved into place; then a second run must say that V8 took it. Else the bundle ships without one, and the build says so.
 */
async function oneCache(file, cacheFile, made, run) {
  rmSync(cacheFile, { force: true });
  try {
    const first = await run({ GATEWATCH_CODE_CACHE_OUT: made });
    if (!existsSync(made)) throw new Error(`it exited ${first.status} writing none: ${first.stderr}`);
    renameSync(made, cacheFile);
    const second = await run({ GATEWATCH_DEBUG: '1' });
    if (!second.stderr.includes(`code-cache=used bundle=${path.basename(file)}`))
      throw new Error(`V8 did not take it: ${second.stderr}`);
  } catch (err) {
    rmSync(cacheFile, { force: true });
    console.warn(`bundle: ${path.relative(path.dirname(path.dirname(file)), cacheFile)} is not made: ${err.message}`);
  }
}

// The demo's scripts' code caches (dist/src/demo/ctl.cjs.cache, gateway.cjs.cache), as codeCache makes the CLI's: each
// script run once on a temporary demo home, writing what V8 compiled by its end, then a second run must say V8 took it.
// ctl says the home's status; the gateway starts, and is stopped (SIGTERM) once its state file says that it runs. Where
// this cannot run, a script ships without a cache and compiles as any module would.
export async function demoCodeCache(out) {
  const demo = path.join(out, 'demo');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'gw-demo-cache-'));
  const home = path.join(tmp, 'home');
  const env = { ...process.env, GATEWATCH_DEBUG: '', NODE_OPTIONS: '', LANG: 'C.UTF-8', LC_ALL: '' };
  const made = path.join(tmp, 'cache');
  const ctl = (extra) =>
    Promise.resolve(
      spawnSync(process.execPath, [path.join(demo, 'ctl.js'), 'status', '--home', home], {
        env: { ...env, ...extra },
        encoding: 'utf8',
        timeout: 60_000,
      }),
    );
  const gateway = (extra) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [path.join(demo, 'gateway.js'), 'gateway', 'run', '--home', home], {
        env: { ...env, ...extra },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const deadline = Date.now() + 30_000;
      let asked = 0;
      const poll = setInterval(() => {
        let running = false;
        try {
          // This life's state, not the last run's.
          const state = JSON.parse(readFileSync(path.join(home, 'gateway_state.json'), 'utf8'));
          running = state.gateway_state === 'running' && state.pid === child.pid;
        } catch {
          // Not written yet.
        }
        // Asked once; killed if its shutdown has not ended it 10 s later (it answers only the first SIGTERM).
        if ((running || Date.now() > deadline) && !asked) (asked = Date.now()), child.kill('SIGTERM');
        else if (asked && Date.now() - asked > 10_000) child.kill('SIGKILL');
      }, 50);
      const end = (status) => {
        clearInterval(poll);
        resolve({ status, stderr });
      };
      child.on('error', (e) => end(`not started: ${e.message}`));
      child.on('close', end);
    });
  try {
    for (const [name, run] of [
      ['ctl', ctl],
      ['gateway', gateway],
    ]) {
      const file = path.join(demo, `${name}.cjs`);
      await oneCache(file, `${file}.cache`, made, run);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
