// What Hermes logs about Google Chat when its Pub/Sub pull delivers nothing (hermes-gateway-current.md §10.1, #68387).
// The reference quotes only the token below, not the whole line, its logger or its platform key: the token is matched
// wherever it appears in a gateway.log record, and the key is read from the state file.

/** #68387: connected, with the bot's own user id never resolved. */
export const UNRESOLVED = /\bbot_user_id=<unresolved>/;

/** The state file's key of the Google Chat entry (`google_chat`, a profile's `p:google_chat`), however it is spelled. */
export const KEY = /^(?:[\w.-]+:)?google[_-]?chat$/i;

export const sample = { unresolved: 'bot_user_id=<unresolved>' };
