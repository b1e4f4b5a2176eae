// /check: run every detector now and list the findings (the same as `gatewatch check`).
import { dialectOf } from '../src/util/command-line.js';
import { findingsReply } from '../src/delivery/findings-reply.js';
import type { CommandRun, LookContext } from './types.js';
import type { TargetOnly } from './args.js';
import { targetsArg } from './targets.js';

export const check: CommandRun<LookContext<TargetOnly>> = {
  async run(c) {
    for (const { name } of await targetsArg(c, c.args.target)) {
      // Its own look: one under way began before the question (see runCheck).
      const r = await c.look.look(name, { fresh: true });
      await c.respond(findingsReply(name, r.findings, c.locale, { ...r, dialect: dialectOf(c.channel) }));
    }
  },
};
