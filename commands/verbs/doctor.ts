// /doctor [target] and `gatewatch doctor [target]`: every check plus deployment lint. Without a daemon the CLI asks
// each channel's service about its credentials first, as the daemon does at start; a missing Hermes home is a finding
// here, not a reason to refuse the config.
import { cliTarget, firstWordIsTarget, targetOnly, type TargetOnly } from '../args.js';
import type { ViewerSpec } from '../types.js';

export const doctor: ViewerSpec<TargetOnly> = {
  name: 'doctor',
  role: 'viewer',
  args: targetOnly,
  fromWords: firstWordIsTarget,
  usage: '/doctor [target]',
  summary: { key: 'help.summary.doctor' },
  cli: {
    description: 'cli.desc.doctor',
    usage: '[target]',
    request: cliTarget,
    alone: 'credentials',
    reportsMissingHomes: true,
  },
};
