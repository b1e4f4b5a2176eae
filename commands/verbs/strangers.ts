// /strangers and `gatewatch strangers`: who wrote to the bot and was refused as no operator, from the audit log, each
// with the `operators:` line that would let them in (../strangers-list.js). How a newcomer learns their own QQ openid
// or Feishu open_id: write to the bot once, then ask here.
import * as z from '../../src/util/zod.js';
import type { AdminSpec } from '../types.js';

const strangersArgs = z.strictObject({});
export type StrangersArgs = z.output<typeof strangersArgs>;

export const strangers: AdminSpec<StrangersArgs> = {
  name: 'strangers',
  aliases: ['refused'],
  // It hands out the line that grants access, and lists the ids of people who are not operators.
  role: 'admin',
  args: strangersArgs,
  fromWords: () => ({}),
  usage: '/strangers',
  summary: { key: 'help.summary.strangers' },
  cli: { description: 'cli.desc.strangers', usage: '', words: false, request: () => ({ args: {} }) },
};
