// The one schema for a URL that gatewatch sends to or fetches from (a notifier's endpoint, a chat API's base, a ping or
// reachability URL). A bare `.url()` takes any scheme: `javascript:`, `file:` and `data:` parse as URLs and would be
// handed to fetch or an SDK. The message names neither the URL nor its scheme: several of these URLs hold a key or a
// topic.
import * as z from '../util/zod.js';
import { said } from './schema-text.js';

/** `u` is an absolute http: or https: URL. */
export function isHttpUrl(u: string): boolean {
  return URL.canParse(u) && /^https?:$/.test(new URL(u).protocol);
}

/** An http(s) URL; `error` is what a value that is no URL at all is told (the plugin's own words, with its example). */
export function httpUrl(error: string = said('config.schema.http_url')) {
  return z.string().check(
    z.superRefine((u, ctx) => {
      if (!URL.canParse(u)) ctx.addIssue({ code: 'custom', message: error });
      else if (!isHttpUrl(u)) ctx.addIssue({ code: 'custom', message: said('config.schema.http_only') });
    }),
  );
}
