// The demo's `is_active` for gatewatch's `manager: command`: exit 0 while the demo gateway runs, 1 when it does not,
// 2 on a usage error; one line on stdout as `ctl.js status` prints it. gatewatch runs it on every scheduled check, and
// `ctl.js status` loads the demo's commands and text catalogues first: twice the CPU of a bare node start each time.
import path from 'node:path';
import { gatewayLiveness } from './liveness.js';

const at = process.argv.indexOf('--home');
const home = at >= 0 ? process.argv[at + 1] : process.env.HERMES_HOME;
if (!home) {
  process.stdout.write('usage: is-active.js --home DIR\n');
  process.exitCode = 2;
} else {
  const live = await gatewayLiveness(path.resolve(home));
  process.stdout.write(live.alive ? `active (running) pid ${live.pid}\n` : `inactive (${live.reason})\n`);
  process.exitCode = live.alive ? 0 : 1;
}
