// The JSON steps of the rig's /init and `hermes` shim (there is no jq in the image; node is the host's, under /usr):
//   boot <home>                  prints "<prior_state> <started|registered>" as container_boot.py decides it
//   desire <home> <state> [--unless-set]
//                                merges desired_state (and updated_at) into <home>/gateway_state.json; with
//                                --unless-set, only when the file does not already say <state>
//   planned-stop <home> <pid>    writes the planned-stop marker naming the gateway <pid> (as the container sees it)
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const AUTOSTART = new Set(['running']);
const TRANSIENT_RUNNING = new Set(['draining', 'degraded']);

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}

/** container_boot._read_desired_state: desired_state, else gateway_state (transient states read as running). */
function priorState(home) {
  const data = readJson(path.join(home, 'gateway_state.json'));
  if (!data || typeof data !== 'object') return undefined;
  if (data.desired_state !== undefined && data.desired_state !== null) return String(data.desired_state);
  const g = data.gateway_state;
  if (g === undefined || g === null) return undefined;
  return TRANSIENT_RUNNING.has(g) ? 'running' : String(g);
}

/** Written beside the file and renamed over it, keeping its mode (the gateway's own writes are 0600). */
function writeAtomic(file, text) {
  let mode = 0o600;
  try {
    mode = fs.statSync(file).mode & 0o777;
  } catch {}
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode });
  fs.renameSync(tmp, file);
}

function startTime(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  } catch {
    return undefined;
  }
}

const [cmd, home, arg, flag] = process.argv.slice(2);
if (cmd === 'boot') {
  const prior = priorState(home);
  process.stdout.write(
    `${prior ?? 'None'} ${prior !== undefined && AUTOSTART.has(prior) ? 'started' : 'registered'}\n`,
  );
} else if (cmd === 'desire') {
  if (!fs.existsSync(home)) process.exit(0);
  const file = path.join(home, 'gateway_state.json');
  let data = readJson(file);
  if (!data || typeof data !== 'object' || Array.isArray(data)) data = {};
  if (flag === '--unless-set' && data.desired_state === arg) process.exit(0);
  data.desired_state = arg;
  data.updated_at = Math.floor(Date.now() / 1000);
  writeAtomic(file, `${JSON.stringify(data)}\n`);
} else if (cmd === 'planned-stop') {
  const pid = Number(arg);
  const marker = { target_pid: pid, stopper_pid: process.pid, written_at: new Date().toISOString() };
  const st = startTime(pid);
  if (st !== undefined) marker.target_start_time = st;
  writeAtomic(path.join(home, '.gateway-planned-stop.json'), JSON.stringify(marker));
} else {
  process.stderr.write(`state.cjs: unknown command ${cmd}\n`);
  process.exit(2);
}
