// The redactor's vocabulary (src/util/redact.ts): what a secret becomes, the words that make a key a secret's, and
// the pattern pieces every rule is written with.
export const MASK = '***';

/**
 * The one list of secret key names: a key is a secret when it ends with one of these (`client_secret`, `X-Api-Key`,
 * `appSecret`, `aws_secret_access_key`, `FEISHU_ENCRYPT_KEY`). An `_` stands for an optional `_` or `-`. The channel
 * plugins' declared secret keys are added at config load (registerSecretKeys).
 */
export const SECRET_WORDS = [
  'secret',
  'token',
  'password',
  'passwd',
  'passphrase',
  'api_key',
  'apikey',
  'access_key',
  'private_key',
  'secret_key',
  'session_key',
  'credential',
  'credentials',
  'ticket',
  // Keys named for what they sign, encrypt or unlock: Feishu's encrypt_key, a webhook's signing_key, Bark's device_key,
  // ServerChan's sendkey, PushDeer's pushkey, Azure's Ocp-Apim-Subscription-Key.
  'signing_key',
  'sign_key',
  'encrypt_key',
  'encryption_key',
  'decrypt_key',
  'decryption_key',
  'master_key',
  'hmac_key',
  'auth_key',
  'license_key',
  'subscription_key',
  'device_key',
  'send_key',
  'push_key',
  'webhook_key',
  'aes_key',
  // 密码 password, 口令 passphrase, 密钥/秘钥 secret key, 私钥 private key, 令牌 token.
  '密码',
  '口令',
  '密钥',
  '秘钥',
  '私钥',
  '令牌',
];
/** Short names that are secrets only whole or after a separator (`pass`, `smtp.pass`, `MYSQL_PWD`, `dbPass`; not `bypass`). */
export const SHORT_WORDS = ['pass', 'pwd'];
/** Headers whose whole value is a credential. Not key=value words: their text rules keep the scheme (`Bearer ***`). */
export const HEADER_WORDS = ['authorization', 'cookie'];
/** CLI flags also say just `key` (`--key X`, `--ssh-key X`). */
export const FLAG_WORDS = [...SECRET_WORDS, 'key'];

/** A cheap test a text passes before a pattern is run on it: a pattern, or one behind a cheaper test (afterPieces). */
export interface Need {
  test(text: string): boolean;
}

/**
 * The piece every spelling of a word holds, in lower case: its last (`api_key` → `key`, which `apikey`, `API-Key` and
 * `x_api_key` all hold). A text that holds none of a list's pieces, in any case, holds no word of the list.
 */
export const pieces = (words: Iterable<string>): string[] => [
  ...new Set([...words].map((w) => w.slice(Math.max(w.lastIndexOf('_'), w.lastIndexOf('-')) + 1).toLowerCase())),
];

/**
 * A case-blind pattern made of a list of words, tested only on text that holds a piece of one (see pieces). V8
 * compiles a pattern on its first test: a few hundred µs for one of the secret words, several of which a one-shot
 * `gatewatch check` would compile to find that a command line or a config key names none. Lower case covers the
 * pattern's case-blindness: a character it takes for an ASCII letter is that letter in either case.
 */
export function afterPieces(pattern: RegExp, words: Iterable<string>): Need {
  const need = pieces(words);
  return {
    test(text) {
      const lower = text.toLowerCase();
      return need.some((p) => lower.includes(p)) && pattern.test(text);
    },
  };
}

/** Every way alternation spells `w` (lower case): each `_` or `-` a `_`, a `-` or nothing. */
function spellings(w: string): string[] {
  const u = w.indexOf('_');
  const d = w.indexOf('-');
  const at = u < 0 ? d : d < 0 ? u : Math.min(u, d);
  if (at < 0) return [w];
  return spellings(w.slice(at + 1)).flatMap((rest) => ['', '_', '-'].map((s) => `${w.slice(0, at)}${s}${rest}`));
}
const spelled = new WeakMap<readonly string[], string[]>();

/** Whether `name` (lower case) ends with one of `words` as alternation spells them. */
export function endsWithWord(name: string, words: readonly string[]): boolean {
  let all = spelled.get(words);
  if (!all) spelled.set(words, (all = words.flatMap((w) => spellings(w.toLowerCase()))));
  return all.some((s) => name.endsWith(s));
}

export const alternation = (words: Iterable<string>) =>
  `(?:${[...words].map((w) => w.replace(/[_-]/g, '[_-]?')).join('|')})`;

/** Horizontal white space: never a newline, so no rule can reach into the next line even if handed one. */
export const HS = '[^\\S\\n]';
