// `gatewatch init` 的文字（见 init-en.ts）。
import type { initEn } from './init-en.js';

export const initZh: Record<keyof typeof initEn, string> = {
  'init.found': '{root} 中的 Hermes：',
  'init.home.root': '根网关',
  'init.home.serves': '承载 {profiles}',
  'init.home.served': '由根网关承载的 profile',
  'init.home.standalone': '有自己网关的 profile',
  'init.home.platforms': '平台 {list}',
  'init.home.no_platforms': '尚未见到平台',
  'init.home.service': '{manager} 服务 {name}',
  'init.home.container':
    '运行在 {runtime} 容器 {name} 中（s6 槽位 {slot}）：gatewatch 通过容器内的 `{runtime_cmd} exec` 重启它；能访问 {runtime} 套接字即等于本机 root 权限',
  'init.home.container_unreachable':
    '运行在 {runtime} 容器中（其文件表明如此），但 {runtime} 没有回应（{error}）：gatewatch 只读地监视它，无法重启；如需重启，请让它能访问 {runtime}（这等于本机 root 权限）',
  'init.home.container_program':
    '是 {runtime} 容器 {name} 的主程序（容器内没有 s6）：gatewatch 重启的是整个容器；能访问 {runtime} 套接字即等于本机 root 权限',
  'init.home.pod':
    '运行在 Kubernetes Pod {name} 中，退出后由它的 kubelet 再次启动：gatewatch 在本节点上通过 crictl 重启它（能使用 crictl 即等于本节点的 root 权限）',
  'init.home.pm2': 'pm2 应用 {name}（PM2_HOME {home}）',
  'init.home.supervisord': 'supervisord 程序 {name}',
  'init.home.runit': 'runit 服务 {name}',
  'init.home.systemd_system': 'systemd 系统服务 {name}',
  'init.home.at': '位于 {home}',
  'init.home.lever': '重启：{cmd}',
  'init.home.no_service': '没有找到服务：gatewatch 会告警，但无法重启它',
  'init.home.demo_service': '演示网关：gatewatch 用演示自带的启动和停止命令重启它',
  'init.home.left_out': '{name}：未纳入，还没有网关运行过这个 profile',
  'init.elsewhere': '本机其他位置的 Hermes：',
  'init.elsewhere.missing': '{program}：未纳入，它的主目录 {home} 不存在',
  'init.unread': '无法读取 {what}：{why}',
  'init.unread.denied': '权限不足',
  'init.unread.other_user': '它由另一个用户（uid {uid}）的 systemd 管理器运行，gatewatch 以当前用户身份无法询问它',
  'init.unread.partial': '{s} 秒内没能读完所有进程',
  'init.none':
    '在 {dir} 中没有找到 Hermes 目录（没有 config.yaml、.env、logs 或网关状态文件）：请用 --hermes-home DIR 指定，或先试试 `{demo}`',
  'init.exists': '{file} 已存在，不会改动它（`{cmd}` 会覆盖）',
  'init.ask.channel': '告警发到哪里？{choices} [{default}]：',
  'init.ask.app_id': 'gatewatch 所用机器人的 {channel} app_id（另一个机器人，不是 Hermes 用的那个；见 {doc}）：',
  'init.ask.operator_id': '你的 {key}（见 {doc}）：',
  'init.ask.secret': '{channel} {key}（只写入 {file}；留空则稍后再填）：',
  'init.bad_channel': '未知渠道「{name}」：应为 {choices} 之一',
  'init.needs': '--channel {channel} 需要 {flags}',
  'init.expected_number': '应为数字',
  'init.bad_value': '{what}：{why}',
  'init.wrote': '已写入 {file}',
  'init.wrote_env': '已写入 {file}（权限 600）',
  'init.shadowed': '注意：本目录下的 ./config.yaml 会先于 {file} 被读取：请在其他目录运行 gatewatch，或删除它。',
  'init.console': '告警和命令：本终端（console 渠道）。',
  'init.phone':
    '想在手机上收到告警，请添加渠道：`{cmd}`（或 feishu、qq），或在 {file} 的 channels.notifiers 中添加推送服务（见 docs/notifiers.md）。',
  'init.channel': '告警和命令：{channel}，管理员 ID {operator}。',
  'init.fill_secret': '请把密钥写入 {file}：{name}=…',
  'init.next': '下一步：{command}',
  'init.service': '要在退出登录后继续运行：`{cmd}`（{manager} 服务）。',
  'init.config.head': '由 `gatewatch init` 生成。每个键的说明见 config.example.yaml；用 {validate} 检查本文件',
  'init.config.env': '密钥：下面每个 {var} 从 {file}（NAME=value 每行一个，权限 600）或环境变量中读取。',
  'init.config.other_user': '{user} 的网关，未监视：属于另一个用户。取消注释即可监视它（gatewatch 也会重启它）。',
  'init.home.other_user': '属于另一个用户（{user}）：已写入但注释掉，不监视',
  'init.only_others':
    '只找到其他用户的网关（{list}）：未经其所有者同意不会监视。请以该用户身份运行 init，或用 --hermes-home DIR 指明要监视的目录',
  'init.config.targets': '找到的 Hermes 目录，每个一个目标（由根网关承载的 profile 经根网关监视）。',
  'init.config.demo_cycle':
    '演示网关每 {cycle}让 QQ 的空闲会话断开一次，而不是像 QQ 那样约每 30 分钟一次：zombie_after（QQ 周期的两倍）按它的周期设置。',
  'init.config.operators': '谁可以在聊天中命令机器人（admin 或 viewer），以其在该渠道上的 id 识别。',
  'init.env.head': '{config} 中各个 {var} 的密钥，每行一个 NAME=value。每个 gatewatch 命令都会读取；请保持权限 600。',
};
