// /status [target] and `gatewatch status [target]`: the gateway process, its platforms, incidents, the last restart.
import { cliTarget, firstWordIsTarget, targetOnly, type TargetOnly } from '../args.js';
import type { ViewerSpec } from '../types.js';

export const status: ViewerSpec<TargetOnly> = {
  name: 'status',
  aliases: ['s', 'st'],
  role: 'viewer',
  args: targetOnly,
  fromWords: firstWordIsTarget,
  usage: '/status [target]',
  summary: { key: 'help.summary.status' },
  cli: { description: 'cli.desc.status', usage: '[target]', request: cliTarget },
};
