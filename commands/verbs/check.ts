// /check [target] and `gatewatch check`: every detector now, the findings listed. On the command line it is what cron
// runs: no words, its own --json (the findings), exit 0/1/2 by the worst finding (src/cli-check.ts).
import { firstWordIsTarget, targetOnly, type TargetOnly } from '../args.js';
import type { ViewerSpec } from '../types.js';

export const check: ViewerSpec<TargetOnly> = {
  name: 'check',
  role: 'viewer',
  args: targetOnly,
  fromWords: firstWordIsTarget,
  usage: '/check [target]',
  summary: { key: 'help.summary.check' },
  cli: {
    description: 'cli.desc.check',
    usage: '',
    words: false,
    json: 'cli.opt.json_findings',
    findings: true,
    request: () => ({ args: {} }),
  },
};
