// /test [channel] and `gatewatch test [channel]`: a test alert through every alert channel, or the one named, sent at
// once (../test.js). Without a daemon the CLI starts the configured channels to send through.
import * as z from '../../src/util/zod.js';
import { t, usageWords } from '../../src/i18n.js';
import { gatewatchLine } from '../../src/util/invocation.js';
import type { AdminSpec } from '../types.js';

const testArgs = z.strictObject({ channel: z.optional(z.string().check(z.minLength(1), z.maxLength(64))) });
export type TestArgs = z.output<typeof testArgs>;

export const test: AdminSpec<TestArgs> = {
  name: 'test',
  role: 'admin',
  args: testArgs,
  fromWords: (words) => (words[0] ? { channel: words[0] } : {}),
  usage: '/test [channel]',
  summary: { key: 'help.summary.test' },
  cli: {
    description: 'cli.desc.test',
    usage: '[channel]',
    words: { name: 'channel', description: 'cli.arg.channel' },
    alone: 'channels',
    request: (names, _o, l) =>
      names.length > 1
        ? {
            refused: t(l, 'cli.test.usage', {
              count: names.length,
              cmd: usageWords(l, `${gatewatchLine('test')} [channel]`),
            }),
            exit: 2,
          }
        : { args: names[0] ? { channel: names[0] } : {} },
  },
};
