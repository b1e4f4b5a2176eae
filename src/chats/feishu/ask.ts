// What Feishu answers gatewatch's own app (its tenant token), without the channel (ChannelPlugin.asker): the running
// channel asks the same. The request goes through the SDK's HTTP instance (credentials.ts), so a one-shot `gatewatch
// check` loads the SDK here, only when Feishu fails and a Feishu channel is configured.
import type { PlatformAnswer } from '../../types.js';
import { askFeishu } from './credentials.js';
import type { FeishuSettings } from './settings.js';

export function feishuAsker(s: FeishuSettings): (signal: AbortSignal) => Promise<PlatformAnswer> {
  const domain = s.domain.replace(/\/+$/, '');
  return (signal) => askFeishu({ appId: s.app_id, appSecret: s.app_secret, domain, signal });
}
