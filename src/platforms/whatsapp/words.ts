// WhatsApp's words: its findings' texts in both locales (registered for the renderers by src/platforms/index.ts). The
// compiler holds zh-CN to the same keys as English; test/platforms/words.test.ts checks their placeholders match.

export const en = {
  'finding.platform_deaf.whatsapp.title': 'WhatsApp bridge keeps crashing',
  'finding.platform_deaf.whatsapp.explanation':
    'The WhatsApp bridge (Node/Baileys) exited unexpectedly {count|# time|# times} within the last hour; Hermes respawns it each time, it reconnects and dies again (typically 428/503 closes or an unhandled rejection in Node). Restarting the gateway does not fix the cause.',
  'finding.platform_deaf.whatsapp.action':
    'Read platforms/whatsapp/bridge.log in this Hermes home for the reason before each exit; update Hermes (`hermes update` ships the bridge) and, if the session is damaged, re-pair with `hermes whatsapp`.',
  'finding.whatsapp_orphan_bridge.title': 'WhatsApp receives nothing: an old bridge (pid {pid}) holds port {port}',
  'finding.whatsapp_orphan_bridge.explanation':
    'A WhatsApp bridge from an earlier gateway life still runs (pid {pid}, started {started}, not a child of the running gateway) and holds port {port} with this home\'s session. The bridge the current gateway started could not bind the port ("EADDRINUSE") and its login invalidated the old bridge\'s session, so the gateway reports WhatsApp connected while no WhatsApp message has arrived since it started. A gateway restart alone does not help: the old bridge survives it and the race repeats.',
  'finding.whatsapp_orphan_bridge.action':
    "Check that pid {pid}'s command line names whatsapp-bridge and this home's session (see the evidence), stop it (`kill {pid}`), then restart the gateway once ({restart}). gatewatch does not restart WhatsApp while the old bridge runs.",
  'finding.whatsapp_orphan_bridge.unnamed.title':
    'WhatsApp receives nothing: something else holds the bridge port {port}',
  'finding.whatsapp_orphan_bridge.unnamed.explanation':
    'The bridge the current gateway started could not bind port {port} ("EADDRINUSE"), yet the gateway reports WhatsApp connected and no WhatsApp message has arrived since it started. Usually a bridge from an earlier gateway life survived a restart and its session was invalidated by the new login, so nothing arrives. gatewatch could not name the process ({reason}). A gateway restart alone does not help while it runs.',
  'finding.whatsapp_orphan_bridge.unnamed.action':
    "Find what listens on 127.0.0.1:{port} (`ss -ltnp 'sport = :{port}'`); if its command line names whatsapp-bridge and this home's session, stop it, then restart the gateway once ({restart}).",
  'finding.whatsapp_orphan_bridge.reason.unscanned':
    "this host's processes cannot be listed (the scan needs Linux /proc)",
  'finding.whatsapp_orphan_bridge.reason.none':
    "none of the {count} WhatsApp bridge processes on this host uses this home's session",
  'finding.whatsapp_qr_login.title': 'WhatsApp is logged out: scan the QR code to link it again',
  'finding.whatsapp_qr_login.explanation':
    'The WhatsApp bridge has no valid login and printed a QR code to platforms/whatsapp/bridge.log ({modules}×{modules} modules); it waits for a phone to scan it and prints a new one about every 20 seconds. A restart does not help: only a scan links the gateway again.',
  'finding.whatsapp_qr_login.action':
    "On the phone with the gateway's WhatsApp account, open WhatsApp → Settings → Linked devices → Link a device, and scan this QR code.",
  // In the code's place for whoever may not see it (src/delivery/qr-policy.ts): where it went, or that it went nowhere.
  'finding.whatsapp_qr_login.note.private': "The QR code went to the admins' private chats.",
  'finding.whatsapp_qr_login.note.nowhere':
    "No admin's private chat can receive the code: run `hermes whatsapp` on the host and scan it there.",
  'check.whatsapp_orphan_bridge': 'old WhatsApp bridge holds the port',
  'check.whatsapp_qr_login': 'WhatsApp needs its QR code scanned',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'finding.platform_deaf.whatsapp.title': 'WhatsApp bridge 反复崩溃',
  'finding.platform_deaf.whatsapp.explanation':
    'WhatsApp bridge（Node/Baileys）在最近一小时内意外退出了 {count} 次；Hermes 每次都会重新拉起它，它重连后又会退出（通常是 428/503 断开或 Node 未处理的 rejection）。重启网关不能消除原因。',
  'finding.platform_deaf.whatsapp.action':
    '查看此 Hermes 目录下的 platforms/whatsapp/bridge.log，找出每次退出前的原因；更新 Hermes（`hermes update` 会带上新的 bridge），如果会话已损坏，用 `hermes whatsapp` 重新配对。',
  'finding.whatsapp_orphan_bridge.title': 'WhatsApp 收不到消息：旧的 bridge（pid {pid}）占着端口 {port}',
  'finding.whatsapp_orphan_bridge.explanation':
    '上一次网关运行留下的 WhatsApp bridge 仍在运行（pid {pid}，启动于 {started}，不是当前网关的子进程），用本目录的会话占着端口 {port}。当前网关启动的 bridge 无法绑定该端口（“EADDRINUSE”），而它的登录又让旧 bridge 的会话失效，所以网关显示 WhatsApp 已连接，却自启动以来没有收到一条 WhatsApp 消息。只重启网关没有用：旧 bridge 会活过重启，同样的竞争会再次发生。',
  'finding.whatsapp_orphan_bridge.action':
    '确认 pid {pid} 的命令行含有 whatsapp-bridge 和本目录的会话路径（见证据），停掉它（`kill {pid}`），然后重启一次网关（{restart}）。旧 bridge 运行期间 gatewatch 不会为 WhatsApp 重启。',
  'finding.whatsapp_orphan_bridge.unnamed.title': 'WhatsApp 收不到消息：bridge 端口 {port} 被其他进程占用',
  'finding.whatsapp_orphan_bridge.unnamed.explanation':
    '当前网关启动的 bridge 无法绑定端口 {port}（“EADDRINUSE”），但网关仍显示 WhatsApp 已连接，且它启动以来没有收到一条 WhatsApp 消息。通常是上一次网关运行留下的 bridge 活过了重启，它的会话又被新的登录作废，因此收不到任何消息。gatewatch 无法确定是哪个进程（{reason}）。它运行期间只重启网关没有用。',
  'finding.whatsapp_orphan_bridge.unnamed.action':
    "查出监听 127.0.0.1:{port} 的进程（`ss -ltnp 'sport = :{port}'`）；如果它的命令行含有 whatsapp-bridge 和本目录的会话路径，停掉它，然后重启一次网关（{restart}）。",
  'finding.whatsapp_orphan_bridge.reason.unscanned': '无法列出本机进程（扫描需要 Linux 的 /proc）',
  'finding.whatsapp_orphan_bridge.reason.none': '本机 {count} 个 WhatsApp bridge 进程都没有使用本目录的会话',
  'finding.whatsapp_qr_login.title': 'WhatsApp 已登出：扫描二维码重新关联',
  'finding.whatsapp_qr_login.explanation':
    'WhatsApp bridge 没有有效的登录，已在 platforms/whatsapp/bridge.log 中打印二维码（{modules}×{modules} 个模块）；它在等待手机扫描，大约每 20 秒换一个新码。重启没有用：只有扫码才能重新关联网关。',
  'finding.whatsapp_qr_login.action':
    '在登录网关 WhatsApp 账号的手机上打开 WhatsApp → 设置 → 已关联的设备 → 关联设备，扫描这个二维码。',
  'finding.whatsapp_qr_login.note.private': '二维码已发到管理员的私聊。',
  'finding.whatsapp_qr_login.note.nowhere':
    '没有能接收二维码的管理员私聊：请在主机上运行 `hermes whatsapp` 并在那里扫码。',
  'check.whatsapp_orphan_bridge': '旧的 WhatsApp 桥接进程占用端口',
  'check.whatsapp_qr_login': 'WhatsApp 需要扫码登录',
};
