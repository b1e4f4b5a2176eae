// Hermes platform `error_code`s and whether Hermes retries them (hermes-gateway-current.md §3, "Error codes").
// A non-retryable code is dropped from the reconnect queue: the platform stays down until a restart, which retries it
// once at startup and fails the same way unless the operator fixed the cause. Codes marked unverified in the reference
// are listed too: treating an unknown code as retryable is the safe default (no false "never restart").

/** Never retried by Hermes; a restart does not fix them. */
const NON_RETRYABLE = new Set([
  'telegram_polling_conflict',
  'discord_auth_error',
  'discord_intents_required',
  'missing_dependency',
  'missing_credentials',
  'whatsapp_not_paired',
  'whatsapp_node_missing',
  'whatsapp_bridge_missing',
  'whatsapp_npm_install_failed',
  'weixin_missing_dependency',
  'weixin_missing_token',
  'weixin_missing_account',
  'signal_phone_lock',
  // [field], unverified in source
  'telegram_auth_error',
  'email_auth_error',
  'SIDECAR_DEPS_MISSING',
  'SIDECAR_NODE_MISSING',
]);

/** Retried forever by the reconnect watcher. */
const RETRYABLE = new Set([
  'telegram_network_error',
  'discord_connect_error',
  'discord_connect_timeout',
  'discord_gateway_task_exited',
  'whatsapp_bridge_exited',
]);

/** Parked by the multiplexer on purpose (a duplicate, or ingress owned by the default profile): not a failure to retry. */
const PARKED = new Set(['duplicate_credential', 'duplicate_listener', 'multiplex_shared_ingress']);

export type CodeClass = 'non_retryable' | 'retryable' | 'parked' | 'unknown';

export function classifyErrorCode(code: string | null | undefined): CodeClass {
  if (!code) return 'unknown';
  if (NON_RETRYABLE.has(code)) return 'non_retryable';
  if (RETRYABLE.has(code)) return 'retryable';
  if (PARKED.has(code)) return 'parked';
  // A foreign live token holder at startup (`*-lock` codes) is treated as non-retryable by Hermes at startup.
  if (/-lock$/.test(code)) return 'non_retryable';
  return 'unknown';
}

/** Credential, intents, pairing or session problems: only the operator can fix them (platform_auth_failed). */
const AUTH = new Set([
  'discord_auth_error',
  'discord_intents_required',
  'missing_credentials',
  'whatsapp_not_paired',
  'weixin_missing_token',
  'weixin_missing_account',
  'telegram_auth_error',
  'email_auth_error',
  'signal_phone_lock',
]);

export function isAuthCode(code: string | null | undefined): boolean {
  return !!code && AUTH.has(code);
}
