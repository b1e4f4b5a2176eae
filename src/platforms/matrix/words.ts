// Matrix's words: its findings' texts in both locales (registered for the renderers by src/platforms/index.ts). The
// compiler holds zh-CN to the same keys as English; test/platforms/words.test.ts checks their placeholders match.

export const en = {
  'finding.platform_deaf.matrix.title': 'Matrix stopped syncing after an auth error',
  'finding.platform_deaf.matrix.explanation':
    'Matrix logged "permanent auth error" and its sync loop ended ({count|# time|# times} this run); gateway_state.json still says connected but no message arrives. matrix.org (MAS) access tokens expire every few hours.',
  'finding.platform_deaf.matrix.action':
    'Get a new Matrix access token and put it in the .env of this Hermes home, then {restart} (a restart alone only helps when the error was a misread transient one, before Hermes v0.21.4).',
  'finding.platform_deaf.matrix_clock.title': "Matrix drops every message: this host's clock runs {skew}s ahead",
  'finding.platform_deaf.matrix_clock.explanation':
    'Matrix logged that it dropped live events as "too old" with a clock skew of about {skew} seconds. Its startup filter discards every event older than its start, so with the clock ahead every incoming message is silently thrown away. A restart alone keeps dropping them.',
  'finding.platform_deaf.matrix_clock.action':
    'Sync the clock first (`timedatectl set-ntp true`, check with `timedatectl show -p NTPSynchronized`), then restart the gateway. gatewatch does not restart for this.',
  'finding.platform_deaf.matrix_introspect.title': 'Matrix keeps failing to introspect its access token',
  'finding.platform_deaf.matrix_introspect.explanation':
    'Matrix logged "Unable to introspect the access token — retrying in 5s" {count|# time|# times} within 2 minutes: its sync loop retries forever and no message arrives, while gateway_state.json still says connected (#56532).',
  'finding.platform_deaf.matrix_introspect.action':
    "Restart the gateway. {restart_how} It tends to come back: if it does, check the access token and the homeserver's token introspection.",
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'finding.platform_deaf.matrix.title': 'Matrix 因认证错误停止同步',
  'finding.platform_deaf.matrix.explanation':
    'Matrix 记录了“permanent auth error”，同步循环已结束（本次运行 {count} 次）；gateway_state.json 仍显示已连接，但收不到任何消息。matrix.org（MAS）的 access token 每几个小时就会过期。',
  'finding.platform_deaf.matrix.action':
    '获取新的 Matrix 访问令牌（access token）并写入此 Hermes 目录的 .env，然后 {restart}（仅在 Hermes v0.21.4 之前把临时错误误判为永久错误时，单纯重启才有用）。',
  'finding.platform_deaf.matrix_clock.title': 'Matrix 丢弃所有消息：本机时钟快了 {skew} 秒',
  'finding.platform_deaf.matrix_clock.explanation':
    'Matrix 记录了它把实时事件当作“太旧”丢弃，时钟偏差约 {skew} 秒。它的启动过滤器会丢弃早于启动时间的事件，所以时钟偏快时每条收到的消息都会被悄悄丢掉。只重启无济于事。',
  'finding.platform_deaf.matrix_clock.action':
    '先同步时钟（`timedatectl set-ntp true`，用 `timedatectl show -p NTPSynchronized` 确认），再重启网关。gatewatch 不会为此重启。',
  'finding.platform_deaf.matrix_introspect.title': 'Matrix 反复无法校验其访问令牌',
  'finding.platform_deaf.matrix_introspect.explanation':
    'Matrix 在 2 分钟内记录了 {count} 次“Unable to introspect the access token — retrying in 5s”：同步循环无限重试，收不到任何消息，而 gateway_state.json 仍显示已连接（#56532）。',
  'finding.platform_deaf.matrix_introspect.action':
    '重启网关。{restart_how}此问题容易复发：如果复发，请检查访问令牌和主服务器的令牌校验。',
};
