// The JSON of a store's entries as its file has them (redacted), made once per entry. The chat channels' stores save
// on every inbound update (so that a re-sent one is not run twice after a restart) and keep hundreds of entries: they
// redacted all of them at every save, ~40 ms a message at their caps, on the loop that carries the chat (issue 21).
import { redact, redactDeep } from '../util/redact.js';

export interface RedactedJson {
  /** JSON.stringify(redactDeep(v)), the first time this object or string is asked for; an object must not change after. */
  of(v: object | string): string;
  /** Forget the strings not in `live` once they outnumber it twice (objects are forgotten with them). */
  keepOnly(live: readonly string[]): void;
}

export function createRedactedJson(): RedactedJson {
  const objects = new WeakMap<object, string>();
  const strings = new Map<string, string>();
  return {
    of(v) {
      if (typeof v === 'string') {
        let json = strings.get(v);
        if (json === undefined) strings.set(v, (json = JSON.stringify(redact(v))));
        return json;
      }
      let json = objects.get(v);
      if (json === undefined) objects.set(v, (json = JSON.stringify(redactDeep(v))));
      return json;
    },
    keepOnly(live) {
      if (strings.size <= 2 * live.length + 64) return;
      const keep = new Set(live);
      for (const s of strings.keys()) if (!keep.has(s)) strings.delete(s);
    },
  };
}
