// /incident [ref | target] and `gatewatch incident [ref | target] [--json]`: one incident's write-up, from its first
// sign to its end (../incident.js); without a ref, the incidents kept, newest first, each with its ref.
import * as z from '../../src/util/zod.js';
import { t } from '../../src/i18n.js';
import type { ViewerSpec } from '../types.js';

const incidentArgs = z.strictObject({ ref: z.optional(z.string().check(z.minLength(1), z.maxLength(80))) });
export type IncidentArgs = z.output<typeof incidentArgs>;

export const incident: ViewerSpec<IncidentArgs> = {
  name: 'incident',
  aliases: ['writeup', 'postmortem'],
  role: 'viewer',
  args: incidentArgs,
  fromWords: (words) => (words[0] ? { ref: words[0] } : {}),
  usage: '/incident [ref]',
  summary: { key: 'help.summary.incident' },
  cli: {
    description: 'cli.desc.incident',
    usage: '[ref] [--json]',
    json: 'cli.opt.json_incident',
    request: (words, _o, l) =>
      words.length > 1
        ? { usage: t(l, 'cli.usage.one_incident', { words: words.join(' ') }) }
        : { args: words[0] ? { ref: words[0] } : {} },
  },
};
