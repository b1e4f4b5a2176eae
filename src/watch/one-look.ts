// One look at every target in turn, and nothing after: a one-shot `gatewatch check` (issue 62). A look in it reads
// only what its target needs: the host's processes are scanned only for a target whose pid record does not lead to
// its live gateway, and once for all of them (createScanReuse). A command that looks again after acting (a restart, a
// fix) never runs in one: what it saw before would stand for what is there after.
import { keptProcessTable, type ProcessTable } from '../probes/process.js';

export interface OneLook {
  table: ProcessTable;
}

export const createOneLook = (): OneLook => ({ table: keptProcessTable() });
