// The demo daemon's memory as the docs give it (docs/performance.md's table, "the demo's daemon"): `npm start`'s own
// command (package.json's start script) on a fresh HOME, its VmRSS read every 5 s for 6 minutes, then `/demo fail
// crash` typed on its console and read again once its restart is verified and the incident recovered. Prints the
// figures in the docs' words. `node scripts/demo-rss.mjs [minutes]` after `npm run build`; it takes the minutes
// asked (6 by default) and about one more.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const minutes = Number(process.argv[2] ?? 6);
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
// `node <flags> dist/src/cli.js run`: the start script as an argument array.
const [node, ...args] = pkg.scripts.start.split(' ');
if (node !== 'node') throw new Error(`unexpected start script: ${pkg.scripts.start}`);

const home = mkdtempSync(path.join(os.tmpdir(), 'gw-demo-rss-'));
const child = spawn(process.execPath, args, {
  cwd: root,
  env: { ...process.env, HOME: home, GATEWATCH_CONFIG: '', LANG: 'C.UTF-8' },
  stdio: ['pipe', 'pipe', 'ignore'],
});
let out = '';
child.stdout.on('data', (d) => (out += d));

const rss = () => {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mb = (x) => `${x.toFixed(1)} MB`;

const t0 = Date.now();
const samples = [];
while (Date.now() - t0 < minutes * 60_000) {
  await sleep(5_000);
  samples.push({ s: (Date.now() - t0) / 1000, mb: rss() });
}
child.stdin.write('/demo fail crash\n');
const before = out.length;
// A recovery's title says what is back (issue 55): `✅ demo: the gateway is back: …`.
while (!/✅[^\n]*\bdemo: /.test(out.slice(before)) && Date.now() - t0 < (minutes + 2) * 60_000) await sleep(1_000);
const afterCrash = rss();
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
rmSync(home, { recursive: true, force: true });

const at = (s) => samples.reduce((a, b) => (Math.abs(b.s - s) < Math.abs(a.s - s) ? b : a)).mb;
const late = samples.filter((x) => x.s >= 120).map((x) => x.mb);
const mean = late.reduce((a, b) => a + b, 0) / late.length;
console.log(
  [
    `${mb(at(60))} a minute after start, ${mb(at(120))} at two minutes`,
    `${mb(Math.min(...late))}–${mb(Math.max(...late))} from the 3rd to the ${minutes}th minute (mean ${mb(mean)})`,
    `${mb(afterCrash)} after a \`/demo fail crash\`, its alert, restart and recovery`,
  ].join('; '),
);
