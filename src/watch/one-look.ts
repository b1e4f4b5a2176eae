// One look at every target (a few side by side: src/control/check.ts), and nothing after: a one-shot `gatewatch check`
// (issue 62). A look in it reads only what its target needs: the host's processes are taken once for all of them
// (createScanReuse), every gateway of each home found in it as the daemon finds them (issue 77), and what several
// targets read (a root's files, its process and its log for the profiles it serves) is read once. A command that looks again after
// acting (a restart, a fix) never runs in one: what it saw before would stand for what is there after.
import type { ProcessTable } from '../probes/process.js';
import { keptProcessTable } from '../probes/gateway-scan.js';
import { sharedOnce, type Shared } from '../util/shared.js';
import { inTurnFs, type LookFs } from '../util/look-fs.js';

export interface OneLook {
  table: ProcessTable;
  shared: Shared;
  /** How its looks call the file system: each call in its turn, nothing else waiting on its loop (look-fs.ts). */
  fs: LookFs;
}

export const createOneLook = (): OneLook => ({
  table: keptProcessTable(inTurnFs.realpath),
  shared: sharedOnce(),
  fs: inTurnFs,
});
