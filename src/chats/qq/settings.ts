// The QQ channel's settings: their schema and type, apart from the plugin (plugin.ts) so that the channel's code
// (loaded on first use) imports its settings without importing the plugin that loads it.
import * as z from '../../util/zod.js';
import { DURATION_RANGES, durationIn } from '../../config/durations.js';
import { said } from '../../config/schema-text.js';
import { httpUrl } from '../../config/http-url.js';

/** Built on first use (see definePlugin). */
export const qqSchema = () =>
  z.strictObject({
    app_id: z.pipe(z.union([z.string(), z.number()]), z.transform(String)),
    client_secret: z.string(),
    api_base: z._default(httpUrl(), 'https://api.sgroup.qq.com'),
    token_url: z._default(httpUrl(), 'https://bots.qq.com/app/getAppAccessToken'),
    /** GROUP_AND_C2C_EVENT (1 << 25) by default. */
    intents: z._default(z.number().check(z.int()), 1 << 25),
    alert_to: z._default(
      z.array(
        z.union([z.strictObject({ user: z.string() }), z.strictObject({ group: z.string() })], {
          error: said('config.schema.one_of_two', { a: '{user: OPENID}', b: '{group: OPENID}' }),
        }),
      ),
      [],
    ),
    give_up_after: z._default(durationIn(DURATION_RANGES.give_up_after), 30 * 60_000),
  });

export type QQSettings = z.output<ReturnType<typeof qqSchema>>;
