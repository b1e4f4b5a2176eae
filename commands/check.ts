// /check: run every detector now and list the findings (the same as `gatewatch check`).
import { findingsReply } from '../src/delivery/findings-reply.js';
import type { Command } from './types.js';
import { targetsArg } from './targets.js';

export const check: Command = {
  name: 'check',
  role: 'viewer',
  usage: '/check [target]',
  summary: { en: 'run all checks now', 'zh-CN': '立即运行全部检查' },
  async run(c) {
    for (const { name } of await targetsArg(c)) {
      const r = await c.look.look(name);
      await c.respond(findingsReply(name, r.findings, c.locale));
    }
  },
};
