// A gateway its operator stopped, running again: said once, in a line, naming who started it (its supervisor, or a
// start outside gatewatch). gatewatch was quiet about the stop, as meant; a start nobody here asked for (a reboot's
// supervisor, a deploy, another operator) is what the one who stopped it would want to know. A start through
// gatewatch (/restart, /fix) is said by that command already.
import { randomUUID } from 'node:crypto';
import type { Evidence } from '../evidence.js';
import type { Alert, Locale } from '../types.js';
import { t } from '../i18n.js';
import { formatTime } from '../util/time.js';

export function startedAgainAlert(
  target: string,
  ev: Pick<Evidence, 'service'>,
  stoppedAt: number,
  locale: Locale,
  now: number,
): Alert {
  const m = ev.service.manager;
  const by =
    m === 'none' || m === 'command'
      ? t(locale, 'alert.back.by.outside')
      : t(locale, 'alert.back.by.supervisor', { supervisor: { key: `status.manager.${m}` } });
  return {
    id: randomUUID(),
    kind: 'notice',
    target,
    severity: 'info',
    createdAt: now,
    reply: {
      title: t(locale, 'alert.started_after_stop', { target, by, at: formatTime(stoppedAt) }),
      tone: 'info',
    },
  };
}
