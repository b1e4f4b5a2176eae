// The Feishu channel's settings: their schema and type, apart from the plugin (plugin.ts) so that the channel's code
// (loaded on first use) imports its settings without importing the plugin that loads it.
import * as z from '../../util/zod.js';
import { DURATION_RANGES, durationIn } from '../../config/durations.js';
import { said, saidIn } from '../../config/schema-text.js';
import { httpUrl } from '../../config/http-url.js';
import { say } from './words.js';

/** Built on first use (see definePlugin). */
export const feishuSchema = () =>
  z.strictObject({
    // The Feishu SDK's start() silently does nothing for any other shape (feishu-node-sdk reference).
    app_id: z
      .string()
      .check(z.regex(/^cli_[0-9a-fA-F]{16}$/, { error: saidIn(say.all('config.schema.feishu_app_id')) })),
    app_secret: z.string(),
    domain: z._default(httpUrl(), 'https://open.feishu.cn'),
    alert_to: z._default(
      z.array(
        z.union([z.strictObject({ chat_id: z.string() }), z.strictObject({ open_id: z.string() })], {
          error: said('config.schema.one_of_two', { a: '{chat_id: ...}', b: '{open_id: ...}' }),
        }),
      ),
      [],
    ),
    give_up_after: z._default(durationIn(DURATION_RANGES.give_up_after), 30 * 60_000),
    /** Escalations also buzz the operators' feishu_open_ids through Feishu's urgent API; sms and phone cost the tenant. */
    urgent: z.optional(z.enum(['app', 'sms', 'phone'], { error: saidIn(say.all('config.schema.feishu_urgent')) })),
  });

export type FeishuSettings = z.output<ReturnType<typeof feishuSchema>>;
