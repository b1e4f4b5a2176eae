// What users wrote to the bot, in the gateway's log lines. Hermes logs every inbound message at INFO (`inbound message:
// … msg='…' … reply_to_text='…'`, QQ's `C2C message: … content='…'`, Feishu's `Inbound … message received: … text='…'`),
// and a /logs in a group chat would post those private messages to everyone in it. /logs shows them as their length
// only (`msg=<8 chars>`) unless an admin asks for them.

/** The fields Hermes writes message text under (hermes-gateway.md §4.1, §4.2; gateway.run's inbound message line). */
const FIELDS = 'msg|text|content|reply_to_text|caption';

// `key='…'` and `key="…"` as Python's %r writes them (escaped quotes inside), `key=…` unquoted up to the next ` key=`,
// and `"key": "…"` in a JSON payload. Bounded, and no quantified group can start where another ends: linear time.
const QUOTED = new RegExp(
  `(?<![\\w.-])(${FIELDS})=(?:'((?:[^'\\\\\\n]|\\\\.){1,4096})'|"((?:[^"\\\\\\n]|\\\\.){1,4096})")`,
  'g',
);
const UNQUOTED = new RegExp(`(?<![\\w.-])(${FIELDS})=(?!['"<]|None\\b)((?:(?! [\\w.]{1,40}=)[^\\n]){1,4096})`, 'g');
const JSON_FIELD = new RegExp(`("(?:${FIELDS})"[^\\S\\n]{0,3}:[^\\S\\n]{0,3})"((?:[^"\\\\\\n]|\\\\.){1,4096})"`, 'g');

/** The characters a person typed: an escape (`\\'`, `\\n`, `\\u4e2d`) is one. */
function typed(repr: string): number {
  return [...repr.replace(/\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, '_')].length;
}

/** `line` with every message body replaced by `label(its length)`; empty bodies (`reply_to_text=''`) are kept. */
export function elideBodies(line: string, label: (chars: number) => string): string {
  if (!/(?:msg|text|content|caption)["']?[^\S\n]{0,3}[=:]/.test(line)) return line;
  return line
    .replace(
      QUOTED,
      (_m, key: string, single: string | undefined, double: string | undefined) =>
        `${key}=${label(typed(single ?? double ?? ''))}`,
    )
    .replace(JSON_FIELD, (_m, head: string, body: string) => `${head}"${label(typed(body))}"`)
    .replace(UNQUOTED, (_m, key: string, body: string) => `${key}=${label(typed(body.trimEnd()))}`);
}
