// The first sign that the chain works (issue 80 item 5): once `run`'s first look at every target is done, one message
// says what gatewatch watches and how each target is, in /status's own words; then silence until something breaks.
// Asked for by `alerts.on_start` (init writes it for a chat channel), so a daemon restarted by its service stays quiet.
import { randomUUID } from 'node:crypto';
import type { Alert, Locale } from '../src/types.js';
import { t } from '../src/i18n.js';
import { toneIcon } from '../src/delivery/tone-icon.js';
import type { LookPort } from './ports.js';
import { statusReply } from './status.js';

export function watchingNotice(look: LookPort, locale: Locale): Alert {
  const names = look.targets().map((x) => x.name);
  const lines = names.map((name) => {
    if (!look.lastLook(name)) return t(locale, 'watching.not_yet', { name });
    const r = statusReply(look, name, locale);
    return `${toneIcon(r.tone)} ${r.title}`;
  });
  return {
    id: randomUUID(),
    kind: 'notice',
    target: 'gatewatch',
    check: 'gatewatch.watching',
    severity: 'info',
    createdAt: look.now(),
    reply: {
      title: t(locale, 'watching.title', { targets: names.join(t(locale, 'list.comma')) }),
      tone: 'info',
      lines: [...lines, t(locale, 'watching.how', { cmd: '/status' })],
    },
  };
}
