// The zh-CN texts of findings (src/text/findings-en.ts has the key scheme): the type requires every English key.
import type { FindingTextKey } from './findings-en.js';

const RESTART_ZH = '{restart_how}';

export const findingsZh: Record<FindingTextKey, string> = {
  'finding.process_down.title': 'Hermes 网关未在运行',
  'finding.process_down.explanation':
    '没有找到这个 Hermes 目录的 `gateway run` 进程，日志里也没有停止记录（状态文件：{state}）。所有平台都无人服务，定时任务也不会执行。',
  'finding.process_down.action': `启动网关。${RESTART_ZH}如果反复退出，请查看 gateway.log 结尾、{journal}。`,
  'finding.process_down.respawned.title': '网关（pid {pid}）未经任何退出路径就死了；{supervisor} 又把它拉了起来',
  'finding.process_down.respawned.explanation':
    'gatewatch 看到它一直在看的网关进程消失了，日志和文件里都没有停止记录（SIGKILL、OOM killer），而 {supervisor} 已经在运行它的下一次生命，正在启动。gatewatch 无需重启；如果下一次生命也死掉，会报告崩溃循环。',
  'finding.process_down.respawned.action':
    '用 `journalctl -k` / `dmesg` 查看 OOM killer，在 journal 里查是谁杀了它。无需重启：{supervisor} 会把它拉起来。',
  'finding.state_stale_running.signal.title': '网关被 {signal} 停止，但状态文件仍为“{state}”',
  'finding.state_stale_running.signal.explanation':
    'gateway_state.json 显示“{state}”（pid {pid}），但该进程已不存在或 pid 已被其他程序占用。日志显示它 {last} 前收到 {signal} 并关闭；Hermes 在意外信号后会故意保留“running”，所以不能只看状态文件。',
  'finding.state_stale_running.signal.action': `重新启动网关。${RESTART_ZH}在“Shutdown context”行里查看是谁发送了 {signal}（父进程、systemd、容器重启、OOM）。`,
  'finding.state_stale_running.killed.title': '网关未经关闭流程就退出了，状态文件仍为“{state}”',
  'finding.state_stale_running.killed.explanation':
    'gateway_state.json 显示“{state}”（pid {pid}），但该进程已不存在或 pid 被复用，日志中没有任何关闭记录：进程被强杀（SIGKILL、OOM）或崩溃。{last_line}',
  'finding.state_stale_running.killed.last_line': '最后一行日志是 {last} 前。',
  'finding.state_stale_running.killed.action': `重新启动网关。${RESTART_ZH}用 \`dmesg\` / \`journalctl -k\` 检查 OOM，并查看 gateway.log 结尾是否有崩溃信息。`,
  'finding.state_stale_running.start.title': '网关一启动就退出：启动后 {life} 就死了，状态文件仍为“{state}”',
  'finding.state_stale_running.start.explanation':
    'gateway_state.json 显示“{state}”（pid {pid}），但进程已不存在：它在“Starting Hermes Gateway...”之后 {life} 就死了，没等启动完成（没有“Gateway running with N platform(s)”），也没有走任何退出路径。{again}{error}曾有一个 Hermes 分支版本就这样在 0.6 秒内死掉，原因是它自己的代码用了一个从未定义的名字（Eynzof/Hermes-CN-Core#154）：重启运行的还是同样的代码。',
  'finding.state_stale_running.start.again':
    '它之前的那次启动也是这样、因同一个错误而死的，所以 gatewatch 不会再重启它。',
  'finding.state_stale_running.start.error': '日志里最后一个错误：“{error}”。',
  'finding.state_stale_running.start.action':
    '在终端里运行 `hermes gateway run`，看它因什么错误退出（{journal} 里有 traceback）；修好安装，或换一个能启动的版本（更新，或回滚你正在运行的版本），然后启动一次。如果它又以同样方式退出，重启无济于事。',
  'finding.gateway_stopped.title': '网关已停止且没有重新启动',
  'finding.gateway_stopped.explanation':
    '本次运行在 {ago} 前以关闭日志结束（退出码 {code}），之后没有新的 `Starting Hermes Gateway...`，当前没有网关进程。',
  'finding.gateway_stopped.action': `启动网关。${RESTART_ZH}{supervisor}`,
  'finding.gateway_stopped.planned.title': '网关被有意停止，目前未运行',
  'finding.gateway_stopped.planned.explanation':
    '日志显示 {ago} 前的一次计划内停止（`hermes gateway stop` 或服务管理器），之后没有再启动，所有平台都无人服务。',
  'finding.gateway_stopped.planned.action': `如果是有意停止，请静音此告警；否则启动网关。${RESTART_ZH}`,
  'finding.state_stale_running.oom.title': '网关已死亡，很可能因内存被杀：状态文件仍显示「{state}」',
  'finding.state_stale_running.oom.explanation':
    'gateway_state.json 显示「{state}」（pid {pid}），但 Hermes 的生命周期哨兵文件没有被关闭：没有走任何退出路径（SIGKILL、OOM killer、虚拟机宕机），且最后一次心跳显示内存已到临界。最后一行日志是 {last} 前。',
  'finding.state_stale_running.oom.action': `重新启动网关。${RESTART_ZH}OOM killer 还会再来：查看 \`journalctl -k\` / \`dmesg\`，然后降低内存占用或提高上限。`,
  'finding.gateway_stopped.operator.title': '网关仍处于停止状态：操作者在 {ago} 前停止了它',
  'finding.gateway_stopped.operator.explanation':
    '网关是被有意停止的（`hermes gateway stop`，计划内停止于 {at}），此后没有再启动。gatewatch 不干预操作者的停止：不重启，只提醒这一次。',
  'finding.gateway_stopped.operator.action': '如需恢复运行：{again}。如果是长期停止，无需处理。',
  'finding.gateway_stopped.operator.again': '`{restart_cmd}` 或 {start}',
  'finding.gateway_stopped.operator.again.by_hand':
    '在它所在的主机上执行 {start}（gatewatch 只监视这个网关，无法启动它）',
  'finding.gateway_stopped.update.title': '`hermes update` 让网关停在了停止状态',
  'finding.gateway_stopped.update.explanation':
    '网关在 `hermes update` 之前在运行，更新在 {ago} 前停止了它且没有再启动（桌面版更新器，或没有守护进程拉起的手动网关）。所有平台都无人服务。',
  'finding.gateway_stopped.update.action': `启动它：{start}。${RESTART_ZH}`,
  'finding.gateway_stopped.logout.title': '{user} 退出登录时网关停止了',
  'finding.gateway_stopped.logout.explanation':
    'systemd 以 {user} 的用户单元运行它，而 {user} 的服务管理器已经不在了：其最后一个会话在 {ago}前结束且没有开启 lingering，于是 systemd 停止了该管理器，网关也随之停止（Hermes 自己的文件里记为计划内停止，但没有人要求这样做）。在 {user} 再次登录之前，没有东西会启动它。',
  'finding.gateway_stopped.logout.action':
    '开启 lingering：`sudo loginctl enable-linger {user}`；{user} 的管理器会立即启动并把网关一起拉起（或以 {user} 登录后 {start}）。没有管理器可问时，gatewatch 无法启动用户单元。',
  'finding.gateway_stopped.loop_watchdog.title': 'Hermes 的事件循环看门狗杀掉了卡死的网关（退出码 {code}）',
  'finding.gateway_stopped.loop_watchdog.explanation':
    '网关的事件循环不再响应存活探测，Hermes 在 {ago} 前转储线程栈并退出，等待守护进程重启它，但此后没有任何东西启动它（手动启动的网关会一直停着）。',
  'finding.gateway_stopped.loop_watchdog.action': `重新启动它。${RESTART_ZH}如果反复出现，线程栈转储（在 {journal} 中）会指出阻塞事件循环的调用。`,
  'finding.gateway_stopped.shutdown_watchdog.title': 'Hermes 的关闭看门狗强制网关退出，之后没有恢复',
  'finding.gateway_stopped.shutdown_watchdog.explanation':
    '网关正在关闭（重启或更新），某个排空步骤卡住，关闭看门狗在 {ago} 前强制退出（线程栈见 logs/gateway-shutdown-watchdog.log）。此后没有再启动。',
  'finding.gateway_stopped.shutdown_watchdog.action': `启动它。${RESTART_ZH}`,
  'finding.gateway_died_before.title': '网关在 {ago} 前死亡后被重启：没有走任何退出路径',
  'finding.gateway_died_before.explanation':
    '这个网关的上一次生命（pid {prior}）没有经过任何退出路径就结束了（SIGKILL、OOM killer、断电或虚拟机宕机）；{by}，所以现在看起来正常。Hermes 的生命周期哨兵文件记录了这一点。',
  'finding.gateway_died_before.by': '{supervisor} 又把它拉了起来',
  'finding.gateway_died_before.by_unknown': '它又被启动了',
  'finding.gateway_died_before.action':
    '用 `journalctl -k` / `dmesg` 查看 OOM killer，在 journal 里查是谁杀了它。无需重启：它正在运行。',
  'finding.gateway_died_before.container_oom.title':
    '网关在 {ago} 前因超出容器 {container} 的内存上限被 OOM 终止，s6 已将其重启',
  'finding.gateway_died_before.container_oom.explanation':
    '该网关的上一次运行（pid {prior}）没有经过任何退出流程就结束了，而容器的内存 cgroup 记录了一次 OOM 终止：网关用满了容器的内存上限（{limit}）。容器仍在运行，s6 又启动了网关；同样的负载会让它再次触到上限。',
  'finding.gateway_died_before.container_oom.action':
    '提高容器的内存上限（对 {container} 执行 `docker update --memory`，或在 Compose 中设置 `mem_limit`），或减少内存使用（更少的并发代理）；重启解决不了问题。',
  'finding.gateway_died_before.oom.title': '网关在 {ago} 前因内存被杀并已重启',
  'finding.gateway_died_before.oom.explanation':
    '这个网关的上一次生命（pid {prior}）没有经过任何退出路径就结束了，且最后一次心跳显示内存已到临界：很可能是 OOM killer。随后{by}；同样的负载会再次触及上限。',
  'finding.gateway_died_before.oom.action':
    '降低内存占用（减少并发 agent、进程内的模型）或提高内存上限；`journalctl -k` / `dmesg` 可以确认 OOM。',
  'finding.state_db_corrupt.title': 'Hermes 的状态数据库未通过完整性检查',
  'finding.state_db_corrupt.explanation':
    '非正常退出后 Hermes 检查了 state.db，结果未通过（“{complaint}”）：修复前会话可能显示为丢失。重启不能修复它。',
  'finding.state_db_corrupt.action': '运行 `hermes doctor` 修复（先备份 state.db）。',
  'finding.memory_pressure.title': '网关主机内存已到临界：可用 {available} MB / 共 {total} MB',
  'finding.memory_pressure.explanation':
    'Hermes 自己的心跳报告可用内存低于 64 MB 或 5%。接下来就是 OOM killer，它杀进程时不走任何退出路径。',
  'finding.memory_pressure.action': '立即释放内存或提高上限（停掉其他进程、减少并发 agent）。重启只能推迟问题。',
  'finding.memory_pressure.elevated.title': '网关主机内存偏低：可用 {available} MB / 共 {total} MB',
  'finding.memory_pressure.elevated.explanation': 'Hermes 自己的心跳报告可用内存低于 128 MB 或 15%。',
  'finding.memory_pressure.elevated.action': '持续关注；在到达临界前释放内存或提高上限。',
  'finding.duplicate_processes.title': '同一个 Hermes 目录运行着 {count} 个网关进程',
  'finding.duplicate_processes.explanation':
    '多个 `gateway run` 进程（pid {pids}）共用一个 Hermes 目录，会争抢 PID 文件、锁和机器人会话：消息被重复回复或无人回复，每次重启都会让一个杀掉另一个。',
  'finding.duplicate_processes.action':
    '不要在此基础上重启。先全部停止（`hermes gateway stop --all`），只保留一个守护方式（launchd、systemd 或手动运行三选一——launchd plist 带 `--replace` 再加另一个服务是常见原因），然后只启动一次。',
  'finding.duplicate_processes.container.title': '本机上有第二个网关在使用容器 {container} 的目录',
  'finding.duplicate_processes.container.explanation':
    '除了容器内的网关，本机上的 {pids} 也在对同一个目录（容器的 /opt/data）运行 `gateway run`。两者会争抢 PID 文件、锁和机器人会话：消息会被回复两次，或者根本没人回复。',
  'finding.duplicate_processes.container.action':
    '停止容器外的那个（pid {pids}）以及启动它的东西；只保留容器内的 s6 槽位作为唯一的网关。不要在本机对挂载的目录运行 `hermes gateway …`。在这种情况下 gatewatch 不会重启。',
  'finding.duplicate_processes.log.title': '网关实例在互相替换',
  'finding.duplicate_processes.log.explanation':
    '最近一小时内日志出现 {count} 次接管或抢锁记录（“Replacing existing gateway instance”“PID file race lost”“runtime lock is already held”）：有两个守护程序，或守护程序与手动运行在反复启动网关。',
  'finding.duplicate_processes.log.action':
    '不要在此基础上重启。找出第二个启动者（带 `--replace` 的 launchd plist、第二个 systemd 单元、cron 或脚本），移除它，只保留一个守护方式。',
  'finding.config_fatal.title': '网关拒绝启动：致命配置错误',
  'finding.config_fatal.explanation':
    'Hermes 因配置错误放弃启动并退出（致命配置退出码 78）；守护程序不会再重启它，重启也只会以同样方式失败。原因：“{reason}”',
  'finding.config_fatal.action':
    '手动修复配置（该 Hermes 目录下的 config.yaml / .env，或停止占用同一机器人凭据的另一个网关），然后启动：{start}。',
  'finding.config_fatal.platform.title': '{platform} 无法启动：配置错误',
  'finding.config_fatal.platform.explanation':
    '{platform} 适配器因配置拒绝启动（缺少凭据或 SDK、不支持的模式，或机器人凭据被另一个网关占用）。其他平台仍在运行；重启无法修复它。',
  'finding.config_fatal.platform.action':
    '修复该 Hermes 目录 .env / config.yaml 中 {platform} 的设置（或停止使用同一 app id 的另一个网关），然后手动重启网关。',
  'finding.startup_incomplete.title': '{platform} 启动时连接失败',
  'finding.startup_incomplete.explanation':
    '上次启动时 {platform} 连接失败（{expected} 个平台中连上 {count} 个），之后一直没有连上。Hermes 会在后台继续重试。',
  'finding.startup_incomplete.action': `排除原因（网络、凭据）后重启网关。${RESTART_ZH}引用的错误说明了失败原因。`,
  'finding.startup_incomplete.count.title': '网关启动时只连上 {count}/{expected} 个平台：{missing} 未连接',
  'finding.startup_incomplete.count.explanation':
    '上次启动报告“Gateway running with {count} platform(s)”，但预期 {expected} 个；未连接：{missing}。',
  'finding.startup_incomplete.count.action': `确认缺失的平台已启用并配置正确，然后重启网关。${RESTART_ZH}`,
  'finding.startup_incomplete.stuck.title': '网关启动一直没有完成',
  'finding.startup_incomplete.stuck.explanation':
    '网关在 {ago} 前开始启动，但始终没有输出“Gateway running with N platform(s)”：卡在连接某个平台。',
  'finding.startup_incomplete.stuck.action': `重启网关。${RESTART_ZH}如果再次卡住，引用的最后一行显示它在等哪个平台。`,
  'finding.disconnect_storm.title': '断线风暴：{window} 内断开 {count} 次（{platforms}）',
  'finding.disconnect_storm.explanation':
    '连接（{platforms}）在 {window} 内断开了 {count} 次，且都没有在几秒内恢复（像 QQ 例行的 4009 那样立即恢复的断开不计）。反复断线通常说明网关事件循环被阻塞（长时间的工具调用、CPU 繁忙），心跳发不出去。事件循环空闲下来后，它通常会自行平息。',
  'finding.disconnect_storm.action':
    '等待事件循环恢复，并找出阻塞原因：agent.log 中的长工具调用、主机 CPU 负载。若持续不恢复再重启。',
  'finding.disconnect_storm.tools.title': '断线风暴：{window} 内断开 {count} 次（{platforms}）',
  'finding.disconnect_storm.tools.explanation':
    '连接（{platforms}）在 {window} 内断开了 {count} 次，同时有长时间的工具调用：{tools}。事件循环很可能被它们阻塞，心跳发得太晚，服务器因此关闭连接；这期间立即恢复的断开也计入。这些调用结束后它就会平息。',
  'finding.disconnect_storm.tools.action':
    '等待这些工具调用结束；缩短它们或加超时（终端命令、长脚本）。若持续不恢复再重启。',
  'finding.platform_down.title': '{platform} 处于 {state} 状态已 {ago}',
  'finding.platform_down.explanation':
    'gateway_state.json 显示 {platform} 为“{state}”已 {ago}，超过宽限时间，而网关进程仍在运行。{platform} 上的消息收不到。',
  'finding.platform_down.action': `如果没有自行恢复，请重启网关。${RESTART_ZH}引用的日志是最后的错误。`,
  'finding.platform_unreachable.title': '本机无法连接 {name}，Hermes 正在自动重试',
  'finding.platform_unreachable.explanation':
    '{platform} 已断开 {ago}，Hermes 自己的错误日志表明本机连不上它的服务器（DNS 失败、连接被拒绝或超时）：“{error}”。Hermes 会自行重试，服务器一恢复就会重连；重启既不能让服务器恢复，反而会用更慢的重试替换掉它自己的重试。',
  'finding.platform_unreachable.action':
    '不要为此重启网关：Hermes 会自行重试，重启只会遇到同样连不上的服务器。请检查本机的网络、DNS、防火墙或代理，以及该平台的服务状态。只有 Hermes 停止重试时，gatewatch 才会重启网关。',
  'finding.platform_scope.host_network.title': '{name} 无法通过本机网络连接',
  'finding.platform_scope.host_network.explanation':
    'gatewatch 从本机发起的检查与网关一样失败：出问题的是这里的网络（DNS、路由、代理、防火墙），不是 Hermes。',
  'finding.platform_scope.host_network.action':
    '不要为此重启网关：重启后遇到的还是同样的网络。请修好本机网络（DNS、默认路由、代理、防火墙）；网络恢复后 Hermes 会自动重连 {name}。',
  'finding.platform_scope.gave_up.title': '{name} 无法通过本机网络连接，Hermes 也已停止重试',
  'finding.platform_scope.gave_up.explanation':
    'gatewatch 从本机发起的检查与网关一样失败：出问题的是这里的网络。Hermes 已放弃 {name}，网关重启前它不会恢复；现在重启也只会遇到同样的网络。',
  'finding.platform_scope.gave_up.action':
    '请修好本机网络（DNS、默认路由、代理、防火墙）。Hermes 已停止重试 {name}：本机重新连上它之后，网关需要重启一次（手动：`{restart_cmd}`）。',
  'finding.platform_scope.platform.title': '{name} 对所有人都出了故障，不只是这个网关',
  'finding.platform_scope.platform.explanation':
    '{name} 对 gatewatch 自己的检查同样失败（它自己在该平台上的机器人，或大多数其他 gatewatch 实例）：是平台中断，不是 Hermes，也不是本机。',
  'finding.platform_scope.platform.action':
    '不要为此重启网关：这里没有坏掉的东西。请等待 {name} 恢复；Hermes 会自动重连，恢复时 gatewatch 会告诉你。',
  'finding.platform_answering.title': '本机已能连通 {name}，Hermes 会在下次重试时重连',
  'finding.platform_answering.explanation':
    '{platform} 已断开 {ago}。Hermes 最近的错误说连不上它的服务器（“{error}”），但 gatewatch 自己的探测现在能从本机连通它们。Hermes 会在 {next} 后自行重试，届时应能重连；现在重启只会用更慢的重试替换掉它自己的重试。',
  'finding.platform_answering.action':
    '现在不要重启网关：Hermes 马上会重试。若服务器可连通而这次重试仍失败，gatewatch 会重启网关。',
  'finding.platform_retry_failed.title': '本机能连通 {name}，但 Hermes 的重试失败了：重启可以解决',
  'finding.platform_retry_failed.explanation':
    '{platform} 已断开 {ago}。gatewatch 自己的探测能从本机连通它的服务器，但 Hermes 在 {at} 的那次重试（开始于服务器恢复应答之后）仍然失败：“{error}”。这不是网络问题：Hermes 自己的连接卡住了，重启会给它一个新的连接。',
  'finding.platform_retry_failed.action':
    '重启网关：自动重启允许时 gatewatch 会自己重启（上面一行说明现在是否会重启）；手动：`{restart_cmd}`。如果再次发生，请检查 Hermes 对该平台的代理设置。',
  'finding.platform_server_error.title': '{name} 的服务器返回错误（HTTP {status}），Hermes 正在自动重试',
  'finding.platform_server_error.explanation':
    '{platform} 已断开 {ago}。本机能连到它的服务器，但服务器对 Hermes 返回 HTTP {status}，这是对方的故障：“{error}”。Hermes 会自行重试，服务器恢复后就会重连；重启网关修不好对方的服务器。',
  'finding.platform_server_error.action':
    '不要为此重启网关：本机无需处理。请查看该平台的服务状态。若 Hermes 停止重试，gatewatch 会重启网关。',
  'finding.platform_rate_limited.title': '{name} 正在限制机器人的请求频率，Hermes 正在自动重试',
  'finding.platform_rate_limited.explanation':
    '{platform} 已断开 {ago}：它的服务器要求 Hermes 放慢（“{error}”）。限制解除后 Hermes 会自行重试；重启只会增加请求次数，让限制持续。',
  'finding.platform_rate_limited.action':
    '不要为此重启网关：重启只会增加请求次数。请等待限制解除；如果反复出现，请查找是否有别的进程在用同一个机器人（第二个网关、某个脚本）。',
  'finding.platform_refused.title': '{name} 拒绝了机器人的凭据，Hermes 正在重试',
  'finding.platform_refused.explanation':
    '{platform} 已有 {ago} 没有连上：此后每次连接都被拒绝（“{error}”）。Hermes 一直用同样的凭据重试，重启也只会再次发送它们。',
  'finding.platform_refused.action':
    '更新 Hermes 用于 {name} 的凭据（Hermes 的 .env 或 config.yaml 中的 token 或 app secret），然后重启网关一次：`{restart_cmd}`。gatewatch 不会为此重启。',
  'finding.platform_conflict.title': '{name} 对每个请求都回复 409 Conflict：另一个进程在用同一个机器人',
  'finding.platform_conflict.explanation':
    '{platform} 已有 {ago} 没有得到服务：此后每个请求都被回复 409 Conflict（“{error}”）。平台对每个机器人只服务一个会话，而它被别人占着：另一个网关、OpenClaw 或某个脚本正在用同一个 token 轮询（对 Telegram 来说，它取走的每条更新本网关都收不到）。重启只会重新开始同样的争抢。',
  'finding.platform_conflict.action':
    '找到并停止使用这个机器人 token 的其他进程（另一个 Hermes 目录、容器、脚本，或其他机器上的部署）；它停止后 Hermes 会自行恢复，或者重启网关一次：`{restart_cmd}`。gatewatch 不会为此重启。',
  'finding.platform_failing.title': '{name} 一直连不上：{ago} 内失败 {count} 次',
  'finding.platform_failing.explanation':
    '{platform} 已有 {ago} 没有连上：此后它的日志只有失败和重试，最近一次是“{error}”。gateway_state.json 中它的条目仍写着已连接，所以别处看不出来；它上面的消息收不到。',
  'finding.platform_failing.action': `如果它没有自行恢复，请重启网关。${RESTART_ZH}引用的日志行显示了错误。`,
  'finding.launchd_replace.title': 'launchd 以 --replace 启动网关',
  'finding.launchd_replace.explanation':
    'launchd plist（{path}）以 KeepAlive 运行 `gateway run --replace`：任何第二次启动（另一个服务、手动运行）都会杀掉正在运行的网关而不是失败退出，两者会不断互相替换。',
  'finding.launchd_replace.action':
    '每个 Hermes 目录只保留一个守护方式。从 ProgramArguments 中去掉 `--replace`，或确保没有其他方式启动网关；然后 `launchctl bootout` / `bootstrap` 该 plist。',
  'finding.systemd_no_restart.title': 'systemd 单元不会重启网关',
  'finding.systemd_no_restart.explanation':
    '单元 {path} 的 [Service] 中没有 `Restart=`（或为 `Restart=no`）：网关退出后 systemd 不会再拉起它。',
  'finding.systemd_no_restart.action':
    '在 [Service] 中加入 `Restart=always` 和 `RestartSec=5`（或用 `hermes gateway install --force` 重新安装），然后 `systemctl --user daemon-reload`。',
  'finding.feishu_proxy.title': '飞书连接经过 HTTP 代理',
  'finding.feishu_proxy.explanation':
    '在以下位置发现代理设置：{sources}。飞书（Lark）WebSocket 在很多 HTTP 代理后会断开，飞书可能显示“已连接”却收不到消息。',
  'finding.feishu_proxy.action':
    '让飞书绕过代理（在网关的 NO_PROXY 中加入 `open.feishu.cn,.feishu.cn,.larksuite.com`）或移除代理变量，然后重启网关。',
  'finding.hermes_home_missing.title': 'Hermes 目录 {path} 不存在',
  'finding.hermes_home_missing.explanation':
    '目录 {path} 不存在：那里永远找不到 gateway.pid、日志或状态文件，网关会一直显示为“未运行”。是拼写错误（~/.hermse）还是从未创建的 profile？',
  'finding.hermes_home_missing.action':
    '把 gatewatch 配置中这个目标的 Hermes 目录改为网关实际使用的那个（它的 HERMES_HOME，例如 ~/.hermes 或 ~/.hermes/profiles/<名称>）。',
  'finding.evidence_unreadable.title': 'gatewatch 无法读取 {target} 的 {files}',
  'finding.evidence_unreadable.explanation':
    'gatewatch 判断网关所依据的部分文件无法读取，依赖这些文件的检查看不到那里的故障：此时的“健康”结论只是猜测。证据中写明了是哪个文件以及原因（不是普通文件、过大、无权限、不是有效的 JSON）。',
  'finding.evidence_unreadable.action':
    '让该文件重新成为可读的普通文件（Hermes 下次启动时会重建 gateway_state.json 和 gateway.pid；日志路径上的 FIFO、设备文件或符号链接必须删除），或在 gatewatch 配置中把该目标指向正确的路径。',
  'finding.session_unreadable.title': '{platform} 的会话文件属于 {owner}：网关的用户无法使用',
  'finding.session_unreadable.explanation':
    '{path} 中有 {count} 个文件或目录属于 {owner}，而网关以 {user} 身份运行，无法读写它们：在 Hermes 主目录中以 root 身份运行的命令（用 `sudo hermes …` 重新配对、以 root 身份 `docker exec`）会留下属于 root 的文件。在这些文件重新归网关所有之前，无论由谁、多少次启动网关，{platform} 都会在它们上面失败。',
  'finding.session_unreadable.action':
    '修正文件所有者：{chown}。Hermes 会在下次重试时重新读取它们。gatewatch 不会为此改动网关：换一个网关进程遇到的还是同样的文件。',
  'finding.session_unreadable.store.title': 'Hermes 的会话文件属于 {owner}：网关的用户无法使用',
  'finding.session_unreadable.store.explanation':
    '{path} 中有 {count} 个文件或目录属于 {owner}，而网关以 {user} 身份运行，无法读写它们：在 Hermes 主目录中以 root 身份运行的命令（`sudo hermes chat`、以 root 身份 `docker exec`）会留下属于 root 的文件。在这些文件重新归网关所有之前，无论由谁、多少次启动网关，会话存放在那里的聊天都会失败。',
  'finding.session_unreadable.store.action':
    '修正文件所有者：{chown}。gatewatch 不会为此改动网关：换一个网关进程遇到的还是同样的文件。',
  'finding.session_unreadable.chown': '`sudo chown -R {ids} {path}`',

  // Current Hermes (v0.19 and later)
  'finding.gateway_unresponsive.title': '网关进程在运行，但事件循环没有响应',
  'finding.gateway_unresponsive.explanation':
    '网关进程（pid {pid}）存活，控制套接字也能连上，但在 {wait} 内没有回答 `identify`（已询问两次）。Hermes 在事件循环上读取控制请求，套接字无响应说明事件循环卡死：所有平台都收发不了消息。',
  'finding.gateway_unresponsive.action': `重启网关。${RESTART_ZH}如果再次发生，请查看 agent.log 中卡住之前的阻塞工具调用或插件。`,
  'finding.gateway_unresponsive.heartbeat.title': '网关进程在运行，但内部心跳已停止',
  'finding.gateway_unresponsive.heartbeat.explanation':
    'Hermes {version} 每 60 秒刷新一次 gateway_state.json；最近一次刷新已是 {ago} 前，而 pid {pid} 仍存活。事件循环或内务任务已卡死（Hermes 自己也会报告 “Gateway heartbeat stale”）。',
  'finding.gateway_unresponsive.heartbeat.action': `重启网关。${RESTART_ZH}`,
  'finding.update_stuck.title': '`hermes update` 之后网关没有恢复',
  'finding.update_stuck.explanation':
    '{ago} 前有一次更新占用了此 Hermes 目录（更新进程 pid {pid}，{owner}），网关现在没有运行。更新窗口已过：该占用标记已失效。',
  'finding.update_stuck.action': `查看 \`logs/update.log\` 了解更新结果，然后启动网关。${RESTART_ZH}`,
  'finding.update_stuck.incomplete.title': '更新中途停止，网关未运行',
  'finding.update_stuck.incomplete.explanation':
    'Hermes 在此目录留下了 {markers}：一次更新没有完成，网关也没有运行。启动旧的或只装了一半的代码可能同样失败，因此 gatewatch 不会自动重启。',
  'finding.update_stuck.incomplete.action':
    '再次运行 `hermes update`（会继续完成），查看 `logs/update.log`，然后 {restart}。',
  'finding.update_stuck.sha.title': '网关仍在运行更新前的代码',
  'finding.update_stuck.sha.explanation':
    '`hermes update` 之后需要重启到 {expected}（`fleet_restart_pending`），但正在运行的网关报告的代码是 {running}。重启之前它会一直用旧代码服务。',
  'finding.update_stuck.sha.action':
    '方便时重启网关：`{restart_cmd}` 或 {restart}（它服务的所有 profile 都会重连）。如果标记很旧且代码已正确，则是残留标记（Hermes #111272）。',
  'finding.install_broken.title': '{platform} 无法启动：安装中缺少 {module}',
  'finding.install_broken.explanation':
    '{platform} 每次启动，{where} 都写着“{error}”。Hermes 会一直重试，重启网关也只会启动同一个残缺的安装：缺了一个包，通常是某次更新没有装完。',
  'finding.install_broken.action': '{install}装好后，Hermes 会在下次重试时自己接上 {platform}，无需重启。',
  'finding.install_broken.install.node': '重新安装它的依赖包：在 {dir} 中运行 `npm install`。',
  'finding.install_broken.install.any': '把缺少的包重新装进 Hermes 运行的环境（再运行一次 `hermes update`）。',
  'finding.platform_auth_failed.title': '{platform} 无法登录（{code}）',
  'finding.platform_auth_failed.explanation':
    'Hermes 已停止尝试 {platform}：其凭据、权限或配对被拒绝（{code}）。Hermes 不会重试，重启也会同样失败。',
  'finding.platform_auth_failed.action': '修正此 Hermes 目录 .env / config.yaml 中 {platform} 的凭据，然后 {restart}。',
  'finding.platform_auth_failed.discord.title': 'Discord 拒绝了机器人（{code}）',
  'finding.platform_auth_failed.discord.explanation':
    'Discord 拒绝连接（{code}）：bot token 无效或已被撤销，或未开启 Hermes 需要的特权 Gateway Intents。Hermes 不会重试，重启也会同样失败。',
  'finding.platform_auth_failed.discord.action':
    '在 Discord Developer Portal（https://discord.com/developers/applications → 你的机器人）：重新生成 token 并更新 DISCORD_BOT_TOKEN，或开启 Message Content（及 Server Members）intent → Save Changes；然后 {restart}。',
  'finding.platform_auth_failed.whatsapp.title': 'WhatsApp 已登出或未配对（{code}）',
  'finding.platform_auth_failed.whatsapp.explanation':
    'WhatsApp 会话已失效（{code}）：bridge 以“Logged out. Delete session and restart to re-authenticate.”退出，Hermes 会无限重启它。重启网关没有用。',
  'finding.platform_auth_failed.whatsapp.action': '重新配对手机：运行 `hermes whatsapp` 并扫描二维码，然后 {restart}。',
  'finding.platform_auth_failed.weixin.title': '微信缺少登录信息（{code}）',
  'finding.platform_auth_failed.weixin.explanation': '微信适配器无法启动（{code}）。Hermes 不会重试。',
  'finding.platform_auth_failed.weixin.action':
    '重新登录微信（扫码），在此 Hermes 目录的 .env 中设置 token/账号，然后 {restart}。',
  'finding.platform_auth_failed.signal.title': 'Signal：手机号被另一个客户端锁定（{code}）',
  'finding.platform_auth_failed.signal.explanation': 'signal-cli 报告账号锁被其他程序持有（{code}）。Hermes 不会重试。',
  'finding.platform_auth_failed.signal.action':
    '停止使用这个号码的另一个 signal-cli（或设备），然后重启 signal-cli 并 {restart}。',
  'finding.platform_auth_failed.telegram.title': 'Telegram 拒绝了 bot token（{code}）',
  'finding.platform_auth_failed.telegram.explanation': 'Telegram 拒绝了 bot token（{code}）。Hermes 不会重试。',
  'finding.platform_auth_failed.telegram.action':
    '在 @BotFather 检查 token（是否被撤销或填错），更新 TELEGRAM_BOT_TOKEN，然后 {restart}。',
  'finding.platform_deaf.title': '{platform} 显示“已连接”但收不到消息',
  'finding.platform_deaf.explanation':
    'gateway_state.json 仍显示 {platform} 已连接，但它自己的日志表明它已无法接收（本次运行 {count} 次）。',
  'finding.platform_deaf.action': '查看引用的日志行；如果平台没有恢复，请重启网关。',
  'finding.respawn_storm.title': '网关在反复崩溃重启：{window} 内启动了 {count} 次',
  'finding.respawn_storm.explanation':
    'gateway-starts.log 显示网关在最近 {window} 内启动了 {count} 次；2 分钟内启动超过 5 次时 Hermes 自身的断路器会退避（10 秒到 5 分钟），退避期间进程存活但没有 gateway.pid。每次启动后都有东西杀死它或让它崩溃；再重启只会加剧循环。',
  'finding.respawn_storm.action':
    '不要在此基础上再重启。查看 gateway.log、{journal} 末尾的崩溃原因，修复后再 {restart}。',
  'finding.respawn_storm.slow.title': '网关每 {cadence} 重启一次：{window} 内启动了 {count} 次',
  'finding.respawn_storm.slow.explanation':
    'gateway-starts.log 显示最近 {window} 内启动了 {count} 次，大约每 {cadence} 一次，最近一次在 {last} 前：每次运行都在一分钟内结束，随后被它的守护进程再次启动。这个节奏慢到 Hermes 自身的断路器（2 分钟内启动超过 5 次）察觉不到，所以没有东西拦住它，而每次启动都会向各个会话重新发送“上线”通知。升级到 v0.20.0 后，曾有一个 launchd profile 这样循环了好几个小时（Hermes #79519）。gatewatch 再重启一次只是给循环多添一次启动。',
  'finding.respawn_storm.slow.action':
    '不要在此基础上再重启。查看 gateway.log、{journal} 末尾，找出每次运行结束的原因，并在修复前停掉反复重启它的任务（profile 有它自己的 launchd 任务或 unit）；然后{restart}。',
  'finding.respawn_storm.supervisor.title': '网关在反复崩溃重启：{supervisor} 在 {window} 内重启了它 {count} 次',
  'finding.respawn_storm.supervisor.explanation':
    '{supervisor} 在最近 {window} 内看到网关退出了 {count} 次，每次退出后都再次启动它；每次运行都撑不到能提供服务。{cause}再重启只会加剧循环。',
  'finding.respawn_storm.supervisor.action':
    '不要在此基础上再重启。修复错误所指出的问题；只要网关能稳定运行，{supervisor} 会自行把它拉起。如果那时它已不再尝试：{start}。',
  'finding.supervisor_gave_up.title': '{supervisor} 已放弃网关：网关已停止，没有任何东西会再启动它',
  'finding.supervisor_gave_up.explanation':
    '{supervisor} 一再重启网关{lives}，每次运行都很快结束，{ago}前它不再尝试。{cause}',
  'finding.supervisor_gave_up.action':
    '先修复该错误所指出的问题，再启动它：{start}。gatewatch 不会自行启动它，因为修复之前它还会以同样的方式退出；修复后 `/fix` 可以替你执行这次启动。',
  'finding.supervisor_gave_up.lives': '（共 {count} 次）',
  'finding.supervisor_gave_up.cause': '网关最后的错误，来自 `{source}`：“{line}”。',
  'finding.supervisor_gave_up.no_cause': '它退出的原因见 `{source}`。',
  'finding.supervisor_risk.title': '网关停止后没有任何东西会把它拉起',
  'finding.supervisor_risk.explanation': '运行网关的程序不会在它停止后再次启动它。',
  'finding.supervisor_risk.action': '为它配置一个服务：`hermes gateway install`。',
  'finding.supervisor_risk.no_linger.title': '{user} 退出登录时网关会停止',
  'finding.supervisor_risk.no_linger.explanation':
    'systemd 在 {user} 自己的服务管理器中运行 {unit}，而 {user} 没有开启 lingering：当其最后一个会话结束（SSH 退出、无人登录时重启）时，该管理器会停止，网关也随之停止，直到 {user} 再次登录才会启动。Hermes 自己的 `hermes doctor` 也会这样提示。',
  'finding.supervisor_risk.no_linger.action':
    '开启 lingering，让 {user} 的管理器在没有会话时也运行：`sudo loginctl enable-linger {user}`。只提示一次；网关运行期间无需其他操作。',
  'finding.supervisor_risk.down_at_boot.title': '开机时 {supervisor} 不会启动网关',
  'finding.supervisor_risk.down_at_boot.explanation':
    '它的服务目录 {unit} 里有 `down` 文件：开机时 {supervisor} 会让网关保持停止，直到有人启动它。',
  'finding.supervisor_risk.down_at_boot.action': '删除 `down` 文件：`rm {unit}/down`。只提示一次。',
  'finding.supervisor_risk.no_autorestart.title': '网关退出后 {supervisor} 不会重启它',
  'finding.supervisor_risk.no_autorestart.explanation':
    '{supervisor} 以 {setting} 运行网关：它退出后会一直停着，直到有人启动它。发生时 gatewatch 会告诉你，并在开启自动重启时通过 {supervisor} 重启它。',
  'finding.supervisor_risk.no_autorestart.action': '让 {supervisor} 自行重启它：{how}。只提示一次。',
  'finding.supervisor_risk.no_autostart.title': '{supervisor} 不会在开机时启动网关',
  'finding.supervisor_risk.no_autostart.explanation':
    '它的 `[program:{unit}]` 设置了 `autostart=false`：supervisord 启动时（开机，或它自己重启后）会让网关保持停止，直到有人启动它。',
  'finding.supervisor_risk.no_autostart.action':
    '在 `[program:{unit}]` 中设置 `autostart=true`，然后运行 `supervisorctl update`。只说一次。',
  'finding.supervisor_risk.podman_no_boot.title': '开机时 Podman 不会启动容器 {unit}',
  'finding.supervisor_risk.podman_no_boot.explanation':
    'Podman 没有守护进程：容器的重启策略由它的 conmon 执行，重启主机之后只有两样东西会启动 {unit}：已启用的 podman-restart.service（它只启动重启策略为 `always` 的容器），或它自己的单元（Quadlet）。这里两者都不会：主机重启后，网关会一直停着，直到有人启动它。',
  'finding.supervisor_risk.podman_no_boot.action':
    '让它开机启动：给它 `--restart always`（Podman 5.1 及以后用 `podman update --restart always {unit}`；更早的版本请用它重新创建容器），并启用 `sudo systemctl enable podman-restart.service`（rootless：`systemctl --user enable podman-restart.service`，并执行 `loginctl enable-linger`），或者用 Quadlet 单元（`hermes.container`）运行容器。只提示一次。',
  'finding.supervisor_risk.pm2_unsaved.title': 'pm2 的列表没有保存：重启主机后没有东西会把网关拉起',
  'finding.supervisor_risk.pm2_unsaved.explanation':
    '开机时 pm2 只恢复 `pm2 save` 写下的内容（dump.pm2），而这里什么也没保存：主机重启或 `pm2 kill` 之后，网关会一直停着，直到有人启动它。',
  'finding.supervisor_risk.pm2_unsaved.action':
    '保存正在运行的列表：`pm2 save`（如果 pm2 还不会开机启动，再执行一次 `pm2 startup`）。只提示一次。',
  'finding.supervisor_risk.pm2_no_startup.title': 'pm2 不会开机启动：重启主机后没有东西会把网关拉起',
  'finding.supervisor_risk.pm2_no_startup.explanation':
    '没有 `pm2 startup` 写下的单元在开机时为这个 pm2 目录启动 pm2：主机重启后 pm2 不在运行，网关也不在。',
  'finding.supervisor_risk.pm2_no_startup.action':
    '执行 `pm2 startup`，再执行它打印的命令，然后 `pm2 save`。只提示一次。',
  'finding.supervisor_risk.terminal_reboot.title': '网关是{via}运行的：主机重启后没有东西会启动它',
  'finding.supervisor_risk.terminal_reboot.explanation':
    '它是{via}手动启动的。主机重启或该会话结束后，没有东西会再次启动它；gatewatch 只能在它消失后再次执行同一条命令。',
  'finding.supervisor_risk.terminal_reboot.action':
    '为它安装一个服务（`hermes gateway install`），或者用 pm2、supervisord 或 runit 运行它。只提示一次。',
  'finding.platform_down.signal_cli.title': 'Signal 断开：无法连接 signal-cli',
  'finding.platform_down.signal_cli.explanation':
    'Hermes 无法连接它的 signal-cli 守护进程（“{line}”），并会无限重试；Signal 已断开 {ago}（状态 {state}）。重启 Hermes 没有用：signal-cli 是独立的服务。',
  'finding.platform_down.signal_cli.action':
    '重启 signal-cli（其容器或服务），并检查 Hermes 使用的地址；Hermes 会自行重连。返回 404 的 REST 镜像需要改用 JSON-RPC 模式。',
  'finding.log_flood.title': '网关日志每分钟增长 {rate} MB',
  'finding.log_flood.explanation':
    '{file} 在最近 {window} 内增长了 {mb} MB（每分钟 {rate} MB；繁忙但健康的网关每分钟只写几 KB）。{disk}。重复最多的一行（占抽样行数的 {share}%）：“{line}”。这种风暴会写满磁盘（曾有一次钉钉重连风暴写出 315 MB 日志），并淹没其他所有日志。重启不能消除原因，因此 gatewatch 不会为此重启。',
  'finding.log_flood.action':
    '找出重复的内容（上面这一行，通常是某个平台的重连循环）并修复该平台；检查磁盘剩余空间。如果风暴不能平息，手动重启一次，不要反复重启。',
  'finding.log_flood.file.title': 'Hermes 目录下的一个日志每分钟增长 {rate} MB：{name}',
  'finding.log_flood.file.explanation':
    '{file} 在最近 {window} 内增长了 {mb} MB（每分钟 {rate} MB，每小时 {hourly}{lines}；一个繁忙而健康的网关每分钟只写几 KB）。{writer}{disk}。不论磁盘还剩多少，写这么多本身就是故障：它一直占用主机的 CPU 和磁盘 I/O，并淹没其他所有日志。这样的风暴会写满磁盘：曾有第三方插件在约 4 天内把一个网关日志写到 63 GiB，dashboard 的用量循环因 state.db 损坏一天写了 520,772 行（Hermes #96591）。重启停不掉写它的东西，所以 gatewatch 不会为此重启。',
  'finding.log_flood.file.action':
    '查看 {file} 末尾重复的内容，停掉写它的东西（某个插件，或在损坏数据库上打转的循环）；然后截断或轮转该文件，并检查磁盘剩余空间。',
  'finding.log_flood.file.runaway.title': 'Hermes 目录下的一个日志失控增长：{name} 已有 {size}，每分钟 {rate} MB',
  'finding.log_flood.file.runaway.explanation':
    '{file} {since}的 {over}内写入了 {size}，平均每分钟 {rate} MB（每小时 {hourly}{lines}），而且现在仍在写入（一个繁忙而健康的网关每分钟只写几 KB）。{writer}{disk}。不论磁盘还剩多少，写这么多本身就是故障：它一直占用主机的 CPU 和磁盘 I/O，并淹没其他所有日志。这样的风暴会写满磁盘：曾有第三方插件在约 4 天内把一个网关日志写到 63 GiB，也见过每天 16 GiB 的失控日志。重启停不掉写它的东西，所以 gatewatch 不会为此重启。',
  'finding.log_flood.file.runaway.action':
    '查看 {file} 末尾重复的内容，停掉写它的东西（某个插件，或在损坏数据库上打转的循环）；然后在磁盘写满之前截断或轮转该文件。',
  'finding.log_flood.file.pace.title': 'Hermes 目录下的一个日志每分钟增长 {rate} MB：{name} 已有 {size}',
  'finding.log_flood.file.pace.explanation':
    '按其自身日志行上的时间戳，{file}（{size}）在最近 {over}内以每分钟 {rate} MB（每小时 {hourly}{lines}）的速度写入，而且现在仍在写入（一个繁忙而健康的网关每分钟只写几 KB）。{writer}{disk}。不论磁盘还剩多少，写这么多本身就是故障：它一直占用主机的 CPU 和磁盘 I/O，并淹没其他所有日志。这样的风暴会写满磁盘：曾有第三方插件在约 4 天内把一个网关日志写到 63 GiB，也见过每天 16 GiB 的失控日志。重启停不掉写它的东西，所以 gatewatch 不会为此重启。',
  'finding.log_flood.file.pace.action':
    '查看 {file} 末尾重复的内容，停掉写它的东西（某个插件，或在损坏数据库上打转的循环）；然后在磁盘写满之前截断或轮转该文件。',
  'finding.log_flood.file.pace.rotated.title':
    'Hermes 目录下的一个日志每分钟增长 {rate} MB：{name}，约每 {rotates}轮转一次',
  'finding.log_flood.file.pace.rotated.explanation':
    '按它们自身日志行上的时间戳，{file} 及其轮转副本在最近 {over}内以每分钟 {rate} MB（每小时 {hourly}{lines}）的速度写入，而且现在仍在写入（一个繁忙而健康的网关每分钟只写几 KB）。{writer}它约每 {rotates}轮转一次，所以 {files} 个文件总共保持在约 {kept}，本身不会写满磁盘；但写这么多本身就是故障：它一直占用主机的 CPU 和磁盘 I/O，其中的其他日志几分钟内就被轮转掉。重启停不掉写它的东西，所以 gatewatch 不会为此重启。',
  'finding.log_flood.file.pace.rotated.action':
    '查看 {file} 末尾重复的内容，停掉写它的东西（某个平台的重连循环、某个插件，或在损坏数据库上打转的循环）。',
  // A gateway in a container: its container's state and its s6 slot's (src/detectors/container.ts)
  'finding.container_slot.container_down.title': '容器 {container} 没有运行{oom}',
  'finding.container_slot.container_down.explanation':
    'Hermes 运行在 {runtime_name} 容器 {container} 中，而该容器的状态是 {status}（退出码 {code}）：其中所有网关都已停止，容器内的 s6 也无法启动任何东西。它的重启策略没有把它拉起来。',
  'finding.container_slot.container_down.action':
    '启动容器：{start}；容器启动时会拉起上次处于运行状态的网关。开启自动重启时 gatewatch 会自行执行。{oom_action}',
  'finding.container_slot.container_down.program.title': '容器 {container} 没有运行{oom}',
  'finding.container_slot.container_down.program.explanation':
    '网关是 {runtime_name} 容器 {container} 的主程序，而该容器的状态是 {status}（退出码 {code}）：网关随它一起停止了。它的重启策略没有把它拉起来。',
  'finding.container_slot.container_down.program.action':
    '启动容器：{start}。开启自动重启时 gatewatch 会自行执行。{oom_action}',
  'finding.container_slot.title':
    '容器 {container} 中的网关 {profile} 已被搁置：它以退出码 {code} 退出，s6 不会再启动它',
  'finding.container_slot.explanation':
    '槽位 {slot} 中的网关以退出码 {code} 结束，镜像的 finish 脚本会搁置这种退出而不是重启：容器仍在运行，网关却一直停着，也没有任何提示。',
  'finding.container_slot.action':
    '启动它：{start}。开启自动重启时 gatewatch 会自行执行。`gateway restart` 无法恢复被搁置的槽位。退出原因见 {journal}。',
  'finding.container_slot.permissions.title': '容器 {container} 中的网关 {profile} 无法写入它的目录，每次启动都会退出',
  'finding.container_slot.permissions.explanation':
    's6 记录到槽位 {slot} 最近两分钟内退出了 {deaths} 次，容器的输出说明了原因：“{line}”。/opt/data 下的文件或目录属于容器内 hermes 用户之外的用户（例如以 root 身份 `docker exec` 之后属于 root），所以每次启动都以同样方式失败。',
  'finding.container_slot.permissions.action':
    '重启容器，它启动时会把卷交还给它的用户：`{runtime} restart {container}`（开启自动重启时 gatewatch 会自行执行）。今后在容器里以它的用户运行 Hermes 命令（`docker exec -u hermes …`）。',
  'finding.container_slot.crash_loop.title':
    '容器 {container} 中的网关 {profile} 不断退出：2 分钟内退出 {deaths} 次，s6 每次都会再启动它',
  'finding.container_slot.crash_loop.explanation':
    's6 对槽位 {slot} 的死亡记录显示最近两分钟内退出了 {deaths} 次（最近一次：{last}）；每次退出约一秒后 s6 会再启动它，所以它只短暂运行，无法服务任何人。Hermes 自身的断路器在 2 分钟内启动超过 5 次后会退避。',
  'finding.container_slot.crash_loop.action':
    '{cause}它能稳定运行后 s6 会自己把它拉起来。重启只会给循环再添一次启动，所以 gatewatch 不会重启它。',
  'finding.container_slot.cause': '修复让它退出的问题，它每次启动时的输出都这样说：“{line}”（`{source}`）。',
  'finding.container_slot.cause_unknown': '在 {journal} 中查看它退出的原因并修复。',
  'finding.container_slot.config_exit.title':
    '容器 {container} 中的网关 {profile} 以退出码 78（配置错误）退出，已被 s6 搁置',
  'finding.container_slot.config_exit.explanation':
    '退出码 78 表示 Hermes 的配置无法工作：没有配置任何消息平台，或令牌正被另一个网关占用。s6 会搁置该槽位，再次启动也只会再被搁置。',
  'finding.container_slot.config_exit.action': '在 {journal} 中查看原因，修正配置后再启动：{start}。',
  'finding.container_slot.left_down.title': '容器 {container} 启动时，网关 {profile} 被留在停止状态',
  'finding.container_slot.left_down.explanation':
    '容器启动时，启动协调器读到它上次的状态是 {prior}，于是把该槽位登记为停止而没有启动它（这是有意的设计，以免崩溃在重启之间循环）。容器在运行，这个网关却没有。',
  'finding.container_slot.left_down.action':
    '启动它：{start}（这也会记录下次容器启动时应运行它）。开启自动重启时 gatewatch 会自行执行。',
  'finding.container_slot.no_slot.title': 'profile {profile} 在容器 {container} 中没有网关槽位',
  'finding.container_slot.no_slot.explanation':
    '容器只为启动时已知的每个 profile 监管一个槽位；之后在宿主机上创建的 profile 没有槽位，所以没有网关为它运行。',
  'finding.container_slot.no_slot.action':
    '在容器内注册并启动它：{start}。不要在本机运行 `hermes -p {profile} gateway run`：对挂载的目录这样做会再启动一个无人监管的网关。',
  'finding.container_slot.health_ended.title': '容器 {container} 已停止：它自己的健康检查失败，{who} {ended}了它',
  'finding.container_slot.health_ended.explanation':
    '它的健康检查（`{test}`）连续失败 {streak} 次，最后一次回答“{output}”，它的 `--health-on-failure={action}` 让 {who} 结束了容器。这不是操作者的停止，也不是网关自己的死亡：此后没有任何东西再启动它。',
  'finding.container_slot.health_ended.action':
    '启动它：{start}。如果检查再次失败，容器会再次被结束：查明 `{test}` 为何回答“{output}”（网关在检查所看的地方不可达，或检查本身有误）并修复。gatewatch 不会自行启动它；`/fix` 会执行这条启动命令。',
  'finding.container_slot.health_ended.stop': '停止',
  'finding.container_slot.health_ended.kill': '杀死',
  'finding.container_slot.oom': '：内核因内存不足结束了它',
  'finding.container_slot.oom_action': '内核因内存不足结束了它：请提高内存上限，重启无法修复内存泄漏。',

  // 容器按现有设置无法启动（src/detectors/deployment-setting.ts）：改设置，而不是启动
  'finding.deployment_setting.user_pinned.title':
    '容器 {container} 以用户 {uid} 启动，Hermes 镜像拒绝这样运行：其中没有任何网关能启动',
  'finding.deployment_setting.user_pinned.explanation':
    '它每次启动时的输出都这样说：“{line}”（`{source}`）。镜像的启动流程必须以 root 运行，才能把 /opt/data 交给其中的 hermes 用户；固定为其他用户的容器（`--user`、Compose 的 `user:`、Pod 的 `runAsUser`）在任何网关启动之前就会停止。{tries}',
  'finding.deployment_setting.user_pinned.action':
    '去掉这个用户设置，改为在环境变量中给出 ID：HERMES_UID={uid} 和 HERMES_GID（或 PUID 和 PGID）；镜像会以该用户运行网关，并把数据卷交给它。{recreate}启动或重启都沿用同样的设置、以同样的方式失败，所以 gatewatch 不会为此重启任何东西。',
  'finding.deployment_setting.read_only_root.title':
    '容器 {container} 的根文件系统是只读的，镜像中的 s6 无法在上面运行',
  'finding.deployment_setting.read_only_root.explanation':
    '它每次启动时的输出都这样说：“{line}”（`{source}`）。除非被告知 / 是只读的（Pod 的 `readOnlyRootFilesystem: true`、Compose 的 `read_only: true`、`--read-only`），s6-overlay 会把状态写在 / 下。{tries}',
  'finding.deployment_setting.read_only_root.action':
    '在它的环境变量中设置 S6_READ_ONLY_ROOT=1，或让它的根文件系统可写。{recreate}启动或重启都沿用同样的设置、以同样的方式失败，所以 gatewatch 不会为此重启任何东西。',
  'finding.deployment_setting.not_pid1.title': '容器 {container} 中的 PID 1 是另一个程序，镜像中的 s6 无法启动',
  'finding.deployment_setting.not_pid1.explanation':
    '它每次启动时的输出都这样说：“{line}”（`{source}`）。s6-overlay 必须是容器的 PID 1，而运行时自己的 init（`--init`、Compose 的 `init: true`）占了这个位置。{tries}',
  'finding.deployment_setting.not_pid1.action':
    '去掉 `--init`（`init: true`），或更新镜像：较新的镜像在别的 PID 1 之后会不经监管直接运行网关。{recreate}启动或重启都沿用同样的设置、以同样的方式失败，所以 gatewatch 不会为此重启任何东西。',
  'finding.deployment_setting.tries.loop': '{runtime} 在 {window} 内启动了它 {count} 次，每次结局都一样。',
  'finding.deployment_setting.tries.gave_up': '{runtime} 又启动了它 {count} 次，在 {ago} 前放弃了。',
  'finding.deployment_setting.tries.down': '它以退出码 {code} 退出，没有任何东西会再启动它。',
  // 这个网关如何启动、重启和查看日志，取决于它的服务管理器（serviceParams）
  'finding.service.restart.managed': '开启自动重启时 gatewatch 会自行重启；手动：`{restart_cmd}` 或 {cmd}。',
  'finding.service.restart.command':
    '开启自动重启时 gatewatch 会用配置中为这个网关设定的重启命令自行重启；手动：`{restart_cmd}`。',
  'finding.service.restart.managed.by_hand':
    'gatewatch 现在不会自行重启（原因见“自动重启”一行）；手动：`{restart_cmd}` 或 {cmd}。',
  'finding.service.restart.command.by_hand':
    'gatewatch 现在不会自行重启（原因见“自动重启”一行）；手动：`{restart_cmd}`。',
  'finding.service.restart.none':
    '没有服务管理器托管它，gatewatch 无法重启：请手动启动（{cmd}），或安装服务（{install}）后由 gatewatch 通过它重启，或在 gatewatch 配置中给它一个启动命令，让 gatewatch 像你一样启动它{start_config}。',
  'finding.service.restart.container':
    '开启自动重启时 gatewatch 会通过容器自行重启（{cmd}；槽位处于停止状态时改为启动：{start}）；手动：在本机执行同样的命令。不要在本机对挂载的目录运行 `hermes gateway …`：那会再启动一个网关。',
  'finding.service.restart.container.by_hand':
    'gatewatch 现在不会自行重启（原因见自动重启一行）；手动：在本机执行 {cmd}，槽位处于停止状态时执行 {start}。不要在本机对挂载的目录运行 `hermes gateway …`：那会再启动一个网关。',
  'finding.service.restart.watch_only':
    'gatewatch 只监视它（目标配置中写着 `restart: false`）：既不会自行重启，也不会应要求重启；手动：{cmd}，停止时用 {start}。',
  'finding.service.restart.rootless':
    'gatewatch 只监视它：它是 {user} 的 rootless Podman 容器，只有 {user} 自己的 podman 知道它，所以 gatewatch 无法重启它；请以 {user} 身份手动执行：{cmd}。以 {user} 身份运行 gatewatch，它就能重启它。',
  'finding.service.restart.removed':
    'gatewatch 无法启动它：它的容器 {container} 已不存在，只有重新创建才能让网关回来：{start}。',
  'finding.service.restart.taken_out':
    'gatewatch 无法启动它：它的服务已从其进程管理器读取的位置中移除，只有放回去才能让网关回来：{start}。',
  'finding.service.restart.read_only':
    'gatewatch 只监视它：{runtime} 不回应它（其套接字在本机属于 root），所以它无法重启网关；手动：在本机执行 {cmd}，槽位处于停止状态时执行 {start}。不要在本机对挂载的目录运行 `hermes gateway …`：那会再启动一个网关。',
  'finding.service.restart.unmanaged':
    '没有任何东西托管它：它是{via}启动的（{cmd}），也不会有东西再启动它。`/restart` 会让 gatewatch 再次运行这条命令（在独立的会话中运行，不会随终端关闭而退出，输出写入 logs/gateway.stdout.log）；若要让它自动保持运行并在重启机器后继续运行，请安装服务（{install}）。',
  'finding.service.restart.container_program':
    '网关就是容器自己的主程序（容器内没有 s6）：开启自动重启时 gatewatch 会自行重启容器（{cmd}）；手动：在本机执行同样的命令。',
  'finding.service.restart.container_program.by_hand':
    'gatewatch 现在不会自行重启（原因见自动重启一行）；手动：在本机执行 {cmd}。',
  'finding.service.restart.container_itself':
    '开启自动重启时 gatewatch 会自行重启容器（{cmd}）：容器启动时会拉起每个上次处于运行状态的网关；手动：在本机执行同样的命令。不要在本机对挂载的目录运行 `hermes gateway …`：那会再启动一个网关。',
  'finding.service.restart.container_itself.by_hand':
    'gatewatch 现在不会自行重启（原因见自动重启一行）；手动：在本机执行 {cmd}，容器启动时会拉起每个上次处于运行状态的网关。不要在本机对挂载的目录运行 `hermes gateway …`：那会再启动一个网关。',
  'finding.service.journal.none': 'errors.log 以及启动它的程序的输出',
  'finding.service.status.command': '如果本应由你的服务自动拉起，请用 gatewatch 配置中为这个网关设定的状态命令检查它。',
  'finding.service.restart.config_command': 'gatewatch 配置中为这个网关设定的重启命令',
  'finding.service.restart.supervisor':
    '它由 {supervisor} 托管：开启自动重启时 gatewatch 会通过 {supervisor} 自行重启它（{cmd}）；手动：同一条命令。',
  'finding.service.restart.supervisor.by_hand':
    'gatewatch 现在不会自行重启它（原因见自动重启一行）；手动通过 {supervisor}：{cmd}。',
  'finding.service.restart.pod':
    '它运行在 Kubernetes Pod {pod} 中，退出后由该 Pod 的 kubelet 再次启动。开启自动重启时 gatewatch 会在本节点上自行重启它（{cmd}）；手动：同一条命令，或用 {kubectl} 换一个新 Pod。不要在本机对挂载的目录运行 `hermes gateway …`：那会再启动一个网关。',
  'finding.service.restart.pod.by_hand':
    'gatewatch 现在不会自行重启它（原因见自动重启一行）；手动：在本节点执行 {cmd}，或用 {kubectl} 换一个新 Pod。不要在本机对挂载的目录运行 `hermes gateway …`：那会再启动一个网关。',
  // 活着却收不到消息（hermes-gateway-current.md §8.7–§8.10）
  'finding.agent_turns_failing.title': '每一轮对话都失败：{provider} 返回 HTTP 400',
  'finding.agent_turns_failing.explanation':
    '在最近 {window} 内，智能体循环有 {count} 轮对话因 {provider}（模型 {model}）返回不可重试的 HTTP 400 而放弃：“{error}”。有 {inbound} 条收到的消息仍未得到回复。各平台、进程和心跳看起来都正常，重启也没有用（加载的仍是同一份配置）。',
  'finding.agent_turns_failing.action':
    '更换模型或服务商（`hermes config set model …`，或在聊天中用 `/model`），或修正服务商拒绝的选项；然后给机器人发一条消息确认。gatewatch 不会为此重启。',
  'finding.agent_turns_failing.update.title': '`hermes update` 之后每一轮对话都失败：{provider} 返回 HTTP 400',
  'finding.agent_turns_failing.update.explanation':
    '`hermes update` 在 {updated} 前完成（现在运行 Hermes {version}），此后智能体循环有 {count} 轮对话因 {provider}（模型 {model}）返回不可重试的 HTTP 400 而放弃：“{error}”。有 {inbound} 条收到的消息仍未得到回复。各平台、进程和心跳看起来都正常，重启也没有用（加载的仍是同一份配置）。',
  'finding.agent_turns_failing.update.action':
    '更换模型或服务商（`hermes config set model …`，或在聊天中用 `/model`），或回退这次更新；然后给机器人发一条消息确认。gatewatch 不会为此重启。',
  'finding.platform_paused.title': '{platform} 已被运维人员暂停',
  'finding.platform_paused.explanation':
    'gateway_state.json 显示 {platform} 已暂停（“{reason}”）。只有 `/platform pause` 会这样做：Hermes 从不自行暂停平台。恢复前它收不到任何消息；gatewatch 将此视为有意为之而非故障，不会为撤销暂停而重启（由于暂停只保存在内存中，任何一次网关重启都会让它恢复）。',
  'finding.platform_paused.action':
    '维护结束后，给机器人发送 `/platform resume {name}`（或重启网关）。如果暂停是有意长期保持的，则无需操作。',
  'finding.agent_unanswered.title': '消息没有得到回复：{chats} 个会话中的 {messages} 条消息已等待 {ago}',
  'finding.agent_unanswered.explanation':
    '网关在 {chats} 个会话中收到 {messages} 条消息却没有回复：最早的一条在 {ago} 前到达，而这个网关通常在 {limit} 内就会回复（根据它自己的“response ready … time=”行学习得出）。平台、进程和状态文件看起来都正常：智能体卡住了，很可能卡在一个永不返回的模型调用上；它占住某个会话期间，该会话里的每条新消息（包括 /status 和 /stop）都会被无声丢弃（Hermes #10274、#71720）。',
  'finding.agent_unanswered.action':
    '重启网关以释放卡住的对话。{restart_how}如果重启后同一个会话马上又卡住，说明该会话在被恢复：删除它（见 /fix）。',
  'finding.agent_unanswered.stream.title': '消息等待回复已 {ago}：模型的流式输出反复中断',
  'finding.agent_unanswered.stream.explanation':
    '网关在 {chats} 个会话中收到 {messages} 条消息，{ago} 没有回复（通常在 {limit} 内），agent.log 显示模型的流式输出中断（“Stream produced no non-ping SSE event” / “Stream stale”）。每次重试都会再等一次，且没有总截止时间（Hermes #72016：一条回复等了 22 分钟）。问题出在模型服务商或代理；重启不会让它回复。',
  'finding.agent_unanswered.stream.action':
    '检查模型服务商和中间的代理（状态页、超时设置），或配置备用模型。gatewatch 不会为此重启。',
  'finding.agent_stream_stalled.title': '模型的流式输出在 {window} 内中断了 {count} 次',
  'finding.agent_stream_stalled.explanation':
    'agent.log 显示模型的流式回复在 {window} 内中断了 {count} 次（“Stream produced no non-ping SSE event within …”或 Hermes 自己的“Stream stale … Killing connection”）。回复仍会到达，但很晚：每次中断都要等超时后才重试（Hermes #72016）。进程、套接字和状态看起来都正常。',
  'finding.agent_stream_stalled.action':
    '检查模型服务商以及本机到它之间的代理；如果持续发生，配置备用模型。重启无济于事。',
  'finding.container_paused.title': '容器 {container} 已暂停：其中的网关被冻结，不为任何人服务',
  'finding.container_paused.explanation':
    '它的运行时冻结了其中的所有进程（`{runtime} pause`，或冻结容器的工具），网关也在其中：它不回应任何东西，各平台会超时，而它的进程和容器仍显示“运行中”。gatewatch 不会为此重启任何东西：重启会撤销这次暂停。',
  'finding.container_paused.action': '需要它重新服务时取消暂停：`{runtime} unpause {container}`。',
  'finding.container_unhealthy.title': '{runtime} 把容器 {container} 标为 unhealthy：它自己的健康检查失败',
  'finding.container_unhealthy.explanation':
    '给这个容器设定的健康检查（`{test}`）已连续失败 {streak} 次，最后一次退出码 {code}：“{output}”。`{runtime} ps` 显示 “unhealthy”；{acts}：网关进程在运行，gatewatch 发现它有什么问题（如果有）会在它自己的告警里说。',
  'finding.container_unhealthy.marks': '{runtime} 不会因此重启任何东西，gatewatch 也不会',
  'finding.container_unhealthy.acts':
    '每次检查失败时 {runtime} 都会对容器执行 {action}（`--health-on-failure={action}`），gatewatch 不会因此重启任何东西',
  'finding.container_unhealthy.action':
    '手动运行这项检查（`{runtime} exec {container} {test}`），看它为什么失败。如果没有别的问题，那么出错的是检查本身：Hermes 只有在 API_SERVER_ENABLED=true 时才应答 `GET /health`，端口 8642，且在容器内只监听 127.0.0.1，除非 API_SERVER_HOST 另有设置。',
  'finding.loop_stalled.title': 'Hermes 的仪表盘/TUI 后端冻结了 {stalled}',
  'finding.loop_stalled.explanation':
    '{component} 记录了“event loop stalled … (GIL pressure suspected)”：它的事件循环有 {stalled} 没有运行（该行在它恢复后才写出）。在此期间，仪表盘、桌面应用或 TUI 中的会话看起来像丢失了。消息网关有自己的循环看门狗；gatewatch 通过控制套接字检查它。',
  'finding.loop_stalled.action':
    '如果反复出现，查找本机上长时间运行的工具调用或被阻塞的代理（Hermes #106359），并更新 Hermes。只要网关本身还能应答，就无需重启。',
  'finding.state_db_failing.wal_deleted.title': 'state.db 拒绝所有写入：它的 WAL 文件在网关运行时被删除了',
  'finding.state_db_failing.wal_deleted.explanation':
    'Hermes 记录了“deleted state.db-wal or state.db-shm”（{count} 次，最早在 {ago} 前）：另一个 Hermes 进程（哪怕只是 `hermes sessions list`）删除了正在使用的预写日志，网关现在拒绝向会话存储写入任何内容，以免生成第二个 WAL（Hermes #109687）。消息可能仍有回复，但什么都不会保存。只重启网关是不够的。',
  'finding.state_db_failing.wal_deleted.action':
    '停止此 profile 的所有 Hermes 进程（网关、仪表盘、`hermes serve`、cron），运行 `hermes doctor`，再启动网关。更新 Hermes（PR #109841 已修复）。',
  'finding.state_db_failing.replaced.title': 'state.db 已损坏或在网关运行时被替换',
  'finding.state_db_failing.replaced.explanation':
    'Hermes 记录了 state.db “not a database”或“was replaced underneath the gateway”（{count} 次，最早在 {ago} 前）：会话存储拒绝继续写入（Hermes #102198、#100896）。重启打开的仍是同一个损坏的文件。',
  'finding.state_db_failing.replaced.action':
    '停止网关和其他所有写入者（仪表盘、`hermes serve`），运行 `hermes doctor`，然后用 `sqlite3 state.db .recover` 恢复或还原备份，再启动。写入者运行时切勿执行 `hermes doctor --fix`。',
  'finding.state_db_failing.fts.title': 'state.db 搜索索引损坏：搜索会漏掉新消息',
  'finding.state_db_failing.fts.explanation':
    'Hermes 记录了 state.db 的 FTS 损坏（“database disk image is malformed”，{count} 次，最早在 {ago} 前）。它保留了原始消息行，但重建或停用了搜索索引，因此搜索会悄悄漏掉新的记录（Hermes #89293）。',
  'finding.state_db_failing.fts.action':
    '停止网关后运行 `hermes doctor`，或 `sqlite3 state.db .recover`；如果反复出现，考虑设置 `database.journal_mode: delete`（Hermes #101064）。gatewatch 不会为此重启。',
  'finding.state_db_failing.malformed.title': 'state.db 已损坏：“database disk image is malformed”反复出现',
  'finding.state_db_failing.malformed.explanation':
    'state.db 的一个读取者在最近 30 分钟内 {count} 次遇到 SQLite 的“database disk image is malformed”（最早在 {ago} 前），出现在它所写的某个日志里（仪表盘的用量循环曾一天写出 520,772 行这样的日志，Hermes #96591）。文件本身已损坏：会话可能读不到，写入可能失败，而这个循环还会写满磁盘。重启打开的仍是同一个文件。',
  'finding.state_db_failing.malformed.action':
    '停止网关和其他所有读写者（仪表盘、`hermes serve`），运行 `hermes doctor`，然后用 `sqlite3 state.db .recover` 恢复或还原备份，再启动。写入者运行时切勿执行 `hermes doctor --fix`。gatewatch 不会为此重启。',
  'finding.state_db_failing.locked.title': 'state.db 一再被另一个 Hermes 进程锁住',
  'finding.state_db_failing.locked.explanation':
    '最近 30 分钟内 Hermes 有 {count} 次无法写入 state.db，因为另一个 Hermes 进程持有写锁超过 20 秒（VACUUM、大型 WAL 检查点，或更新后遗留的旧进程）。数据库本身是好的。',
  'finding.state_db_failing.locked.action':
    '找到长时间运行的写入者（用 `ps` 查看此 profile 的 hermes 进程：仪表盘、`hermes serve`、旧网关）并停止它。',
  'finding.provider_auth.dead.title': '模型服务商拒绝了 Hermes 的凭据：每条消息都收到错误',
  'finding.provider_auth.dead.explanation':
    '服务商拒绝了已保存的凭据（{ago} 前）：令牌已失效，或其刷新令牌已被使用（Codex “Your authentication token has been invalidated”、`invalid_grant`、`refresh_token_reused`）。在有人重新登录之前，每条消息都只会得到一条固定的错误回复；重启无济于事。',
  'finding.provider_auth.dead.action':
    '在本机为此 profile 运行 `hermes auth`（或 `hermes login`），然后重启网关。gatewatch 不会为此重启。',
  'finding.provider_auth.quota.title': '模型服务商的额度已用完（对用户显示为认证失败）',
  'finding.provider_auth.quota.explanation':
    'Hermes 记录了“Primary provider rate-limited (429): {why}. Credentials are still valid.”：额度已用尽，约 {reset}后重置。用户看到的是“Provider authentication failed”，但凭据没有问题：重新登录和重启都没有用。',
  'finding.provider_auth.quota.action':
    '等待额度重置，或配置备用服务商（`hermes auth list` 会显示剩余时间）。不要重新认证。',
  'finding.startup_held.lease.title': '网关启动被迁移任务（{phase}）占住已 {ago}',
  'finding.startup_held.lease.explanation':
    'Hermes 的启动看门狗正在尊重阶段“{phase}”持有的进度租约：state.db 的迁移或清理仍在进行（Hermes #100968、#115542）。平台要等它完成后才会连接。现在重启会让这项工作从头再来。',
  'finding.startup_held.lease.action':
    '让它完成。如果每次启动都这样，检查 Hermes 使用的 SQLite 是否带有 FTS5，并更新 Hermes。在此期间 gatewatch 会暂停自己的重启。',
  'finding.startup_held.mcp.title': '网关启动在等待 MCP 服务器 {servers}',
  'finding.startup_held.mcp.explanation':
    '网关在 {ago} 前启动，至今没有完成启动：它在等待 MCP 发现，而 MCP 服务器 {servers} 一直连接失败（每次 60 秒，共 3 次）。重启后还会再等同一个服务器（Hermes #29726、#70591）。',
  'finding.startup_held.mcp.action':
    '在 Hermes 配置中修复或停用该 MCP 服务器条目（其 stderr 在 logs/mcp-stderr.log），然后重启一次。',
  'finding.config_ignored.title': '{lost}Hermes 在没有 config.yaml 的情况下运行：{file} 第 {line} 行第 {column} 列',
  'finding.config_ignored.explanation':
    'Hermes 无法解析 {file}，于是只用 .env 和 gateway.json 启动（Hermes #89157）：只写在这个文件里的设置都悄悄失效了。{missing}它记录的 YAML 错误：「{error}」',
  'finding.config_ignored.action':
    '修正 {file} 第 {line} 行第 {column} 列的 YAML（常见是它前面的缩进），然后重启网关一次。不修正就重启，读到的仍是同一个文件；gatewatch 不会为此重启。',
  'finding.config_ignored.unmarked.title': '{lost}Hermes 在没有 config.yaml 的情况下运行：{file} 无法解析',
  'finding.config_ignored.unmarked.explanation':
    'Hermes 无法解析 {file}，于是只用 .env 和 gateway.json 启动（Hermes #89157）：只写在这个文件里的设置都悄悄失效了。{missing}它记录的错误：「{error}」',
  'finding.config_ignored.unmarked.action':
    '修正 {file} 中它指出的 YAML 错误，然后重启网关一次。不修正就重启，读到的仍是同一个文件；gatewatch 不会为此重启。',
  'finding.config_ignored.missing':
    '本次启动只连上了 {expected} 个平台中的 {count} 个：{platforms} 没有启动。它们是被回退丢掉的：只有修好文件再重启一次，才能让它们回来。',
  'finding.config_ignored.lost': '{name} 未启动：',
  'finding.restart_loop.pid_race.title': '每次启动都立即退出：PID 文件或锁已过期（{window} 内 {count} 次启动）',
  'finding.restart_loop.pid_race.explanation':
    '每次启动都记录“PID file race lost to another gateway instance”（或“runtime lock is already held”）并退出，但本 home 并没有网关在运行：被杀掉的网关留下的 PID 文件或锁已过期（Hermes #13655）。重启只会重复这个循环。',
  'finding.restart_loop.pid_race.action':
    '确认本 home 没有网关在运行，删除 Hermes home 中过期的 gateway.pid、gateway.lock 和 gateway.sock，然后启动网关一次。gatewatch 不会重启进这个循环。',
  'finding.restart_loop.supervised_conflict.title':
    '每次启动都拒绝运行：“已有网关在 {manager} 下运行”（{count} 次启动，最近一次在 {ago} 前）',
  'finding.restart_loop.supervised_conflict.explanation':
    '服务管理器不断重新拉起网关，而每次启动都打印“✗ A gateway is already running under {manager} for this profile.”并立即退出，但这个主目录其实没有任何网关在运行：启动的进程看不到自己处于托管之下，因为服务管理器的标记没有传到它（Hermes #82538，常见于更新之后）。重启正是服务管理器每隔几秒已在做的事，无法结束这个循环。',
  'finding.restart_loop.supervised_conflict.action':
    '让服务管理器的标记传到网关：在服务的 `gateway run` 命令中加上 `--external-supervisor`（或在其环境中设置 HERMES_GATEWAY_EXTERNAL_SUPERVISOR=1），或用 `--force` 启动；然后重启一次该服务。gatewatch 不会重启进这个循环。',
  'finding.restart_loop.stale_unit.title': 'systemd 单元（{unit}）的停止时限比网关排空时间短',
  'finding.restart_loop.stale_unit.explanation':
    'Hermes 启动时警告 {unit} 的 TimeoutStopSec 比排空时间短：下次停止时 systemd 会在排空中途 SIGKILL 网关，随后过期的锁会让启动失败（Hermes #31981）。',
  'finding.restart_loop.stale_unit.action':
    '运行 `hermes gateway install --force`，然后 `systemctl --user daemon-reload`（系统级单元去掉 --user）。',
  'finding.state_db_failing.title': 'state.db 在网关运行时出错',
  'finding.state_db_failing.explanation': 'Hermes 记录了其会话数据库 state.db 的问题（{count} 次，最早在 {ago} 前）。',
  'finding.state_db_failing.action': '停止网关后运行 `hermes doctor`。',
  'finding.provider_auth.title': '模型服务商拒绝了 Hermes',
  'finding.provider_auth.explanation': '模型服务商拒绝了 Hermes 的请求（{ago} 前）。',
  'finding.provider_auth.action': '运行 `hermes auth list` 查看每个凭据的状态。',
  'finding.startup_held.title': '网关启动被 Hermes 自身占住已 {ago}',
  'finding.startup_held.explanation': 'Hermes 在 {ago} 后仍在启动，正在等待它自己的工作完成。',
  'finding.startup_held.action': '让它完成；查看 agent.log 的结尾。',
  'finding.restart_loop.title': '网关陷入了重启无法结束的重启循环',
  'finding.restart_loop.explanation': 'Hermes 不断启动又停止，原因不会因重启而改变。',
  'finding.restart_loop.action': '阅读引用的日志行；先修复原因，再启动网关。',
  'finding.memory_growth.title': '网关内存持续上涨：现在 {to}，约 {eta}后主机内存耗尽',
  'finding.memory_growth.explanation':
    '网关的常驻内存在 {over}内从 {from} 增长到 {to}（约每小时 {rate}，持续稳定）。按此速度，约 {eta}后将用完主机剩余内存（{limit}），随后 OOM killer 会出手（Hermes #81625 曾让主机冻结）。Hermes 自己的“[MEMORY] rss=”是不会下降的峰值；gatewatch 跟踪的是进程当前的 RSS。',
  'finding.memory_growth.action':
    '在那之前安排一次重启（{restart_how}）；这只能争取时间。真正有用的是：{helps}；并限制网关内存（systemd MemoryMax=），以免泄漏拖垮整台主机。',
  'finding.memory_growth.cgroup.title': '网关内存持续上涨：现在 {to}，约 {eta}后达到上限（{limit}）',
  'finding.memory_growth.cgroup.explanation':
    '网关的常驻内存在 {over}内从 {from} 增长到 {to}（约每小时 {rate}，持续稳定）。按此速度，约 {eta}后将达到其 cgroup 内存上限（{limit}），随后会被内核杀掉。Hermes 自己的“[MEMORY] rss=”是不会下降的峰值；gatewatch 跟踪的是进程当前的 RSS。',
  'finding.memory_growth.cgroup.action':
    '在那之前安排一次重启（{restart_how}）；这只能争取时间。真正有用的是：{helps}。',
  'finding.memory_growth.tier.title': '网关内存持续上涨：现在 {to}，约 {tier_eta}后 Hermes 的内存级别进入临界',
  'finding.memory_growth.tier.explanation':
    '网关的常驻内存在 {over}内从 {from} 增长到 {to}（约每小时 {rate}，持续稳定）。按此速度，约 {tier_eta}后主机剩余内存将低于 Hermes 的临界线（可用 {floor}），约 {eta}后完全耗尽（{limit}）：随后 OOM killer 会出手（Hermes #81625 曾让主机冻结）。Hermes 自己的“[MEMORY] rss=”是不会下降的峰值；gatewatch 跟踪的是进程当前的 RSS。',
  'finding.memory_growth.tier.action':
    '重启只能争取时间：在那之前安排一次重启（{restart_how}）。真正有用的是：{helps}；并限制网关内存（systemd MemoryMax=），以免泄漏拖垮整台主机。',
  'finding.memory_growth.cgroup.tier.title':
    '网关内存持续上涨：现在 {to}，约 {tier_eta}后 Hermes 的内存级别进入临界（上限 {limit}）',
  'finding.memory_growth.cgroup.tier.explanation':
    '网关的常驻内存在 {over}内从 {from} 增长到 {to}（约每小时 {rate}，持续稳定）。按此速度，约 {tier_eta}后其 cgroup 剩余内存将低于 Hermes 的临界线（{floor}），约 {eta}后达到 cgroup 内存上限（{limit}）：随后会被内核杀掉。Hermes 自己的“[MEMORY] rss=”是不会下降的峰值；gatewatch 跟踪的是进程当前的 RSS。',
  'finding.memory_growth.cgroup.tier.action':
    '重启只能争取时间：在那之前安排一次重启（{restart_how}）。真正有用的是：{helps}。',
  'finding.forecast.title': '某个趋势即将触及上限',
  'finding.forecast.explanation': 'gatewatch 跟踪的一个趋势若持续下去，很快会触及上限：证据中列出了该趋势。',
  'finding.forecast.action': '在剩余时间用完之前处理。',
  'finding.forecast.disk.title': 'HERMES_HOME 所在磁盘正在被填满：剩余 {free}，约 {eta}后进入 Hermes 的磁盘临界级别',
  'finding.forecast.disk.explanation':
    '{home} 所在磁盘的剩余空间在 {over}内从 {from} 降到 {free}（约每小时 {rate}，持续稳定）。按此速度，约 {eta}后将低于 Hermes 的临界线（剩余 {floor}），约 {full_eta}后磁盘写满：届时每条回复都是“[Errno 28] No space left on device”，state.db 报“database or disk is full”（Hermes #52383）。{dirs}',
  'finding.forecast.disk.action':
    '在那之前腾出空间；重启释放不了任何空间。Hermes 既不清理 state-snapshots/ 也不清理 cron/output/<job>/（Hermes #52383）：删除不再需要的快照和任务输出；一天增长几个 GB 的日志是日志风暴（找出反复出现的那一行）。其余的用 `du -sh {home}/*` 查看。',
  'finding.forecast.disk.full.title': 'HERMES_HOME 所在磁盘快满了：剩余 {free}，约 {full_eta}后写满',
  'finding.forecast.disk.full.explanation':
    '{home} 所在磁盘的剩余空间在 {over}内从 {from} 降到 {free}（约每小时 {rate}，持续稳定），已低于 Hermes 的临界线（{floor}）。按此速度，约 {full_eta}后磁盘写满：届时每条回复都是“[Errno 28] No space left on device”，state.db 报“database or disk is full”（Hermes #52383）。{dirs}',
  'finding.forecast.disk.full.action':
    '现在就腾出空间；重启释放不了任何空间。Hermes 既不清理 state-snapshots/ 也不清理 cron/output/<job>/（Hermes #52383）：删除不再需要的快照和任务输出；一天增长几个 GB 的日志是日志风暴（找出反复出现的那一行）。其余的用 `du -sh {home}/*` 查看。',
  'finding.cron_stalled.title': '定时任务停了：ticker 已 {ago} 没有运行',
  'finding.cron_stalled.explanation':
    '网关在运行，但它的 cron ticker 已 {ago} 没有写心跳（cron/ticker_heartbeat，应每 60 秒一次）：ticker 卡住了（某次 tick 被阻塞、tick 锁被占住），任何定时任务都不会触发。发生这种情况时不会有任何日志（Hermes #60703）。',
  'finding.cron_stalled.action': '重启网关。{restart_how}`hermes cron status` 从 Hermes 一侧也会显示同样的情况。',
  'finding.cron_stalled.failing.title': '每次 cron tick 都失败：已 {ago} 没有成功过',
  'finding.cron_stalled.failing.explanation':
    'cron ticker 仍在运行（心跳是新的），但已 {ago} 没有一次 tick 成功（cron/ticker_last_success）：每次 tick 都抛出异常，定时任务不会运行。错误以“Cron tick error”记录在 agent.log 中。',
  'finding.cron_stalled.failing.action':
    '查看 agent.log 中的“Cron tick error”（以及 `hermes cron status`），修复其中提到的任务或 jobs.json。重启修不好出错的任务。',
  'finding.stuck_session.title': '一个卡死的 {platform} 会话让网关每次重启后都死掉（已连续 {deaths} 次）',
  'finding.stuck_session.explanation':
    '{ago}以来，网关的每一次运行都以异常退出结束，且同一个 {platform} 聊天（{chat}）都没有得到回复；每次重新启动又恢复了它（会话 {session}）：那个卡住或死循环的轮次在每次重启后都被重新进入（Hermes #7536）。重启只会重复这一过程。',
  'finding.stuck_session.action':
    '删除这一个会话：停止网关，运行 `hermes sessions delete {session} --yes`，再启动它（`/fix` 在你确认后正是这样做的）。或者趁网关还能回复时，在那个聊天里发送 /stop。该聊天会开始一个新会话，其他内容都不会丢失。',
  'finding.stuck_session.unnamed.title': '一个卡死的 {platform} 会话让网关每次重启后都死掉（已连续 {deaths} 次）',
  'finding.stuck_session.unnamed.explanation':
    '{ago}以来，网关的每一次运行都以异常退出结束，且同一个 {platform} 聊天（{chat}）都没有得到回复；每次重新启动又恢复了它：那个卡住或死循环的轮次在每次重启后都被重新进入（Hermes #7536）。重启只会重复这一过程。该 Hermes 目录没有记录这个聊天会话的 sessions/sessions.json，gatewatch 无法替你删除它。',
  'finding.stuck_session.unnamed.action':
    '停止网关，用 `hermes sessions list` 找到 {platform} 聊天 {chat} 的会话，运行 `hermes sessions delete <session_id> --yes`，然后再启动它。或者趁网关还能回复时，在那个聊天里发送 /stop。',
  'finding.hermes_health.title': 'Hermes 报告自身状态为 {status}：{checks}',
  'finding.hermes_health.explanation':
    'Hermes 自己的 API 服务（/health/detailed）表示网关状态为 {status}，原因是就绪检查 {checks}。这些是只有 Hermes 自己能做的检查（所配置的模型、磁盘、state.db、配置、后台队列）；重启不会改变它们。',
  'finding.hermes_health.action':
    '按失败的检查项处理：释放磁盘空间（disk），配置模型（model），运行 `hermes doctor`（`state_db`、`config`）。`hermes status` 也会显示同样的信息。',
  'finding.platform_silent.title': '{platform}：已 {ago} 没有收到消息（可能收不到消息）',
  'finding.platform_silent.explanation':
    '网关已运行 {up}，显示 {platform} 已连接，但已有 {ago} 没有收到任何 {platform} 消息，超过了 gatewatch 配置中期望收到消息的 {expected}（{last}）。安静不一定是收不到：之所以报告，是因为配置要求这个平台应当有消息。',
  'finding.platform_silent.action':
    '给机器人发一条 {platform} 消息：如果它回复了，说明只是安静（在 gatewatch 配置中调大该平台期望收到消息的时间）；如果没有回复，查看 gateway.log 中该平台的日志，并手动重启网关（`{restart_cmd}` 或 {restart}）。',
  'finding.platform_silent.last.never': '网关启动以来一条也没有',
  'finding.platform_silent.last.at': '最后一条在 {at}',
  // Words inside findings
  'finding.update_stuck.owner.alive': '仍在运行',
  'finding.update_stuck.owner.gone': '已退出',
  // A full disk under a live gateway (src/detectors/disk-full.ts)
  'finding.disk_full.title': '磁盘已满：每条回复都是“[Errno 28] No space left on device”',
  'finding.disk_full.explanation':
    'Hermes 自 {ago} 前起记录了 {count} 次“{error}”{free}。磁盘满时，用户收到的每条回复都是“Sorry, I encountered an error (OSError). [Errno 28] No space left on device”，随后 state.db 也会报“database or disk is full”（Hermes #52383，PR #88295）。重启释放不了空间，在满盘上启动的网关同样会失败。',
  'finding.disk_full.free': '（{home} 所在磁盘现在剩余 {free}）',
  'finding.disk_full.action':
    '释放 {home} 所在磁盘的空间：Hermes 既不清理 state-snapshots/（Hermes #52383 中它们约占 750 MB）也不清理 cron/output/，日志也在增长；删除旧快照和定时任务输出，然后重启网关一次。gatewatch 不会为此重启。',

  'finding.port_in_use.title': 'Hermes 的一个监听端口 {port} 无法绑定：{holder}',
  'finding.port_in_use.explanation':
    'Hermes 在最近 {ago} 内 {count} 次绑定 {host}:{port} 失败（“address already in use”）：在那里监听的服务（9119 上的仪表盘、8642 上的 API 服务器）已停，并不断重试、写日志（Hermes #98126：1,509 行这样的日志）。{holder}。重启网关释放不了端口。',
  'finding.port_in_use.holder': '占用它的是 pid {pid}：{cmd}',
  'finding.port_in_use.holder.unknown': '被另一个进程占用（gatewatch 无权读取是哪个）',
  'finding.port_in_use.action':
    '停止占用端口 {port} 的进程（或给 Hermes 的监听换一个端口），然后重新启动该监听。gatewatch 不会为此重启。',

  'finding.disk_full.tier.title': 'Hermes 主目录所在磁盘已满：只剩 {free}',
  'finding.disk_full.tier.explanation':
    '直接查看磁盘本身：{home} 所在磁盘共 {total}，只剩 {free}，低于 Hermes 自己划定的临界线（{floor}；剩余不足 256 MB，或已用 95 % 且剩余不足 1 GB）。那里的写入都会失败，报“[Errno 28] No space left on device”：用户的回复、state.db、日志（所以可能没有任何日志提到它）。重启释放不了空间，在满盘上启动的网关同样会失败。{pace}',
  'finding.disk_full.tier.pace': '它仍在减少，{over} 内约每小时 {rate}：约 {full_eta} 后耗尽。{dirs}',
  'finding.disk_full.tier.action':
    '释放 {home} 所在磁盘的空间：Hermes 既不清理 state-snapshots/（Hermes #52383 中它们约占 750 MB）也不清理 cron/output/，日志也在增长；删除旧快照和定时任务输出，然后重启网关一次。gatewatch 不会为此重启。',

  // No inode left on a filesystem Hermes writes to, with bytes to spare (issue 60)
  'finding.disk_full.inodes.title': '{place} 所在文件系统的 inode 已用完：那里无法再新建任何文件，尽管还剩 {free}',
  'finding.disk_full.inodes.explanation':
    '挂载在 {mount}（{fs}）的文件系统共 {total} 个 inode，只剩 {left} 个，而 Hermes 在那里写入（{place}）。那里每新建一个文件都会失败，报“[Errno 28] No space left on device”，和磁盘写满时一样，尽管它还有 {free} 的空间：会话、轮转的日志、SQLite 的日志文件。{said}重启释放不了任何东西，在那里启动的网关同样会失败。',
  'finding.disk_full.inodes.said': 'Hermes 自 {ago} 前起记录了 {count} 次“{error}”。',
  'finding.disk_full.inodes.most': '（{dir} 中有 {files} 个文件）',
  'finding.disk_full.inodes.most.partial': '（{dir} 中至少有 {files} 个文件）',
  'finding.disk_full.inodes.action':
    '删除 {mount} 上的文件，先删大量的小文件{most}：Hermes 既不清理 state-snapshots/ 也不清理 cron/output/。然后重启网关一次。gatewatch 不会为此重启。',

  // A filesystem Hermes writes to, read-only (src/detectors/disk-readonly.ts, issue 60)
  'finding.disk_readonly.title': 'Hermes 无法写入 {places}：它所在的文件系统是只读的',
  'finding.disk_readonly.explanation':
    '主机以只读方式挂载了 {mount}（{fs}，来自 {source}），而 Hermes 在那里写入（{places}）。那里的每次写入都会失败，报“[Errno 30] Read-only file system”（SQLite 报“attempt to write a readonly database”）：网关照常聊天，却什么也存不下来，会话、state.db、日志都不行。NAS 掉线，或内核在 I/O 错误后把文件系统重新挂载为只读，都会这样。{said}重启无济于事：网关会在同一个挂载上启动。',
  'finding.disk_readonly.said': 'Hermes 自 {ago} 前起记录了 {count} 次“{error}”。',
  'finding.disk_readonly.action':
    '修好这个挂载：查明 {mount} 为何变成只读（用 `dmesg` 查 I/O 错误；检查 NAS 及通往它的网络），修复后重新以读写方式挂载（`mount -o remount,rw {mount}`）；然后重启网关一次。gatewatch 不会为此重启。',
  'finding.disk_readonly.lines.title': 'Hermes 无法写入：“{error}”',
  'finding.disk_readonly.lines.explanation':
    'Hermes 自 {ago} 前起记录了 {count} 次“{error}”：{home} 下它写入的某个文件系统拒绝写入，是只读的。gatewatch 读不到主机的挂载表，无法指出是哪一个。网关照常聊天，却什么也存不下来。重启无济于事：网关会在同一个挂载上启动。',
  'finding.disk_readonly.lines.action':
    '找出 {home} 下哪个文件系统是只读的（`mount` 会列出每个文件系统及其标志），修复后重新以读写方式挂载；然后重启网关一次。gatewatch 不会为此重启。',

  // The update's snapshot left state.db out (src/detectors/update-snapshot.ts)
  'finding.state_db_snapshot_skipped.title': '上次更新的快照没有包含 state.db：{size}，超过了 {limit} 的上限',
  'finding.state_db_snapshot_skipped.explanation':
    '{ago} 前的 hermes update 拍快照时跳过了 state.db（{size} 超过 {limit} 的上限，Hermes #75411）：回滚这次更新不会带回 state.db，除非你自己备份，否则没有任何副本。重启改变不了什么。',
  'finding.state_db_snapshot_skipped.action':
    '自己备份 state.db（停掉网关后复制；或在运行时执行 `sqlite3 state.db ".backup state.db.bak"`），并查明它为何有 {size}：hermes doctor 会显示它的大小以及哪些进程打开着它。gatewatch 不会为此重启。',

  // An Alertmanager alert
  'finding.alertmanager.title': 'Alertmanager：{title}',
  'finding.alertmanager.explanation': '{explanation}',
  'finding.alertmanager.action': '{action}',

  // A detector that threw
  'finding.detector_error.title': 'gatewatch 检测器 {detector} 出错',
  'finding.detector_error.explanation': '{message}',
  'finding.detector_error.action': '-',
};
