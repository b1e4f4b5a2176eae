// English prose in a text meant for a zh-CN reader: a run of three or more English words. Quotations (the gateway's own
// log lines and config values), code spans, commands as typed, paths, URLs and identifiers (anything with `_`, `.`, `/`,
// `-`, `=`, `@` or a digit) are not prose and break a run; so do CJK characters.

/** Proper names of more than two words that a Chinese text keeps as they are. */
const NAMES = ['Discord Developer Portal', 'Slack Socket Mode', 'QQ Open Platform', 'Server Members intent'];

export function englishProse(text: string): string[] {
  let s = text
    .replace(/\bnpx gatewatch\b/g, 'gatewatch') // a command as typed from a clone (src/util/invocation.ts)
    .replace(/"[^"]*"|“[^”]*”|`[^`]*`|「[^」]*」|‘[^’]*’/g, ' | ') // quotations and code spans
    .replace(/https?:\/\/\S+/g, ' | ')
    .replace(/(?<![\w.~])\/[a-z]+(?:[ \t]+[A-Za-z0-9_.<>-]+)*(?=$|[\s<[（(，。：]|[^\x00-\x7f])/g, ' | ') // /command args
    .replace(/\S*[_./=@\\\d]\S*/g, ' | '); // paths, ids, numbers
  for (const n of NAMES) s = s.split(n).join(' | ');
  // Words joined by spaces (and the punctuation inside a sentence) only: CJK text or any other mark ends a run.
  // A run of single words each after a comma (`dingtalk, wecom, telegram`) is a list of names as the config writes them.
  return [...s.matchAll(/[A-Za-z][A-Za-z'-]*(?:[ ,;:()]+[A-Za-z][A-Za-z'-]*){2,}/g)]
    .map((m) => m[0])
    .filter((run) => !/^[a-z]+(?:, [a-z]+)+$/.test(run));
}
