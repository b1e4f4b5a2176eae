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

export const alternation = (words: Iterable<string>) =>
  `(?:${[...words].map((w) => w.replace(/[_-]/g, '[_-]?')).join('|')})`;

/** Horizontal white space: never a newline, so no rule can reach into the next line even if handed one. */
export const HS = '[^\\S\\n]';
