// /demo fail <fault> | /demo heal: the demo gateway broken and healed from the chat itself (../demo.ts). Chat only
// (`gatewatch demo` is the CLI's own playground), and listed in /help only while a demo gateway is being watched.
import * as z from '../../src/util/zod.js';
import type { TargetConfig } from '../../src/config/schema.js';
import { demoScriptPath } from '../../src/demo/script-path.js';
import type { AdminSpec } from '../types.js';

/** The watched target that is the demo gateway (its service commands run the demo's ctl script), if any. */
export function demoTarget(targets: readonly TargetConfig[]) {
  const ctl = demoScriptPath('ctl');
  return targets.find((t) => t.service.manager === 'command' && t.service.restart?.includes(ctl));
}

const demoArgs = z.strictObject({
  verb: z.optional(z.string().check(z.maxLength(16))),
  fault: z.optional(z.string().check(z.maxLength(64))),
});
export type DemoArgs = z.output<typeof demoArgs>;

export const demo: AdminSpec<DemoArgs> = {
  name: 'demo',
  role: 'admin',
  args: demoArgs,
  fromWords: ([verb, fault]) => ({ ...(verb ? { verb } : {}), ...(fault ? { fault } : {}) }),
  usage: '/demo fail <fault> | /demo heal',
  // `gatewatch demo heal` with the playground's daemon running: healed by it, through its own restart.
  socket: true,
  summary: { key: 'help.summary.demo' },
};
