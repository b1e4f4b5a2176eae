// The lines `gatewatch run` writes the moment it starts, before the first check: what it watches, where alerts go
// and how to talk to it. Without them a new daemon said nothing for the ~20 s its channels and first check take.
import type { Config } from '../config/schema.js';
import { channelName, platformNames, t } from '../i18n.js';
import type { Locale } from '../types.js';
import type { ChannelDown } from '../core/channel-trouble.js';
import type { Unreachable } from '../core/credential-checks.js';
import { cannotDeliverLines, unreachableLine } from '../delivery/channel-down.js';
import { gatewatchLine } from '../util/invocation.js';

export function startBanner(config: Config, o: { console: boolean }): string[] {
  const l = config.locale;
  const sep = t(l, 'banner.sep');
  const targets = config.targets.map(
    (x) => `${x.name} (${x.platforms?.length ? platformNames(l, x.platforms) : t(l, 'banner.platforms.reported')})`,
  );
  const channels = [...(o.console ? ['console'] : []), ...config.channelList.map((c) => c.name)].map((c) =>
    channelName(l, c),
  );
  const ways = [
    ...(o.console ? [t(l, 'banner.talk.console')] : []),
    ...config.channelList.filter((c) => c.kind === 'chat').map((c) => t(l, 'banner.talk.chat', { channel: c.name })),
    t(l, 'banner.talk.cli', { cmd: gatewatchLine('status') }),
  ];
  return [
    t(l, 'banner.watching', { targets: targets.join(sep) }),
    t(l, 'banner.channels', { channels: channels.join(t(l, 'list.comma')) }),
    t(l, 'banner.talk', { ways: ways.join(sep) }),
  ];
}

/**
 * What the banner adds once the channels have started and their credentials have been asked: each channel that cannot
 * deliver, why and the fix, and each whose service could not be reached (a network problem, not its credentials).
 */
export function channelBanner(o: { down: ChannelDown[]; unreachable: Unreachable[]; locale: Locale }): string[] {
  return [
    ...o.down.flatMap((d) => cannotDeliverLines(d, o.locale)),
    ...o.unreachable.map((u) => unreachableLine(u, o.locale)),
  ];
}
