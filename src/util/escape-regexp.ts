// Text taken as itself inside a RegExp: a platform's name, a chat id or a needle may hold `.`, `+` or `(`.

/** `s` with every character a RegExp would read as syntax escaped. */
export const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
