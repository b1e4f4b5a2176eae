// Docker and Podman's own words: its name, where its output is, what to check of it and how `init` names what it runs, in
// both locales (registered for the renderers by src/probes/supervisors/index.ts, read when first worded).

export const en = {
  'status.manager.docker': "Docker (the container's s6)",
  'status.manager.podman': "Podman (the container's s6)",
  'finding.service.journal.container': "errors.log, the gateway's own output on the volume ({file}) and `{cmd}`",
  'finding.service.status.container':
    's6 inside the container restarts a gateway that exits, except after a clean exit or exit 78, which it parks; check the slot: `{cmd}`.',
  'finding.service.status.container_down':
    "The container's restart policy (`--restart`, Compose's `restart:`) decides whether it comes back by itself; check it: `{cmd}`.",
  'finding.service.autorestart.podman':
    '`podman update --restart always {name}` (Podman 5.1 and later; before it, create the container again with `--restart always`)',
  'finding.service.status.container_program':
    "The gateway is the container's program: when it ends the container ends, and only the container's restart policy starts it again; check it: `{cmd}`.",
  'finding.service.start.removed': '{compose} where Compose made it, else {run} again',
  'finding.service.start.compose': '{cmd} (or {compose} in {dir})',
  'finding.service.start.compose_folder': 'its Compose folder',
  'finding.deployment_setting.apply.docker':
    "Then recreate it with the new settings: `docker compose up -d` in its Compose folder, or `docker rm` and `docker run` again (`docker restart` keeps the old ones); an app store's app, through that store's settings of the app.",
  'finding.deployment_setting.apply.podman':
    'Then recreate it with the new settings: in its Quadlet `.container` file and `systemctl daemon-reload`, or `podman rm` and `podman run` again (`podman restart` keeps the old ones).',
  'init.home.container':
    'runs in {runtime} container {name} (s6 slot {slot}): gatewatch restarts it with `{runtime_cmd} exec` inside the container; access to the {runtime} socket is root on this host',
  'init.home.container_program':
    'the program of {runtime} container {name} (no s6 in it): gatewatch restarts the container; access to the {runtime} socket is root on this host',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'status.manager.docker': 'Docker（容器内的 s6）',
  'status.manager.podman': 'Podman（容器内的 s6）',
  'finding.service.journal.container': 'errors.log、卷上网关自身的输出（{file}）以及 `{cmd}`',
  'finding.service.status.container':
    '容器内的 s6 会重新拉起退出的网关，但正常退出或退出码 78 之后会将其搁置；检查该槽位：`{cmd}`。',
  'finding.service.status.container_down':
    '容器是否自行恢复取决于它的重启策略（`--restart`，Compose 的 `restart:`）；检查：`{cmd}`。',
  'finding.service.autorestart.podman':
    '`podman update --restart always {name}`（Podman 5.1 及以后；更早的版本请用 `--restart always` 重新创建容器）',
  'finding.service.status.container_program':
    '网关就是容器的主程序：它结束时容器也随之结束，只有容器的重启策略会再启动它；检查：`{cmd}`。',
  'finding.service.start.removed': '由 Compose 创建的，在其目录运行 {compose}；否则再次 {run}',
  'finding.service.start.compose': '{cmd}（或在 {dir} 运行 {compose}）',
  'finding.service.start.compose_folder': '它的 Compose 目录',
  'finding.deployment_setting.apply.docker':
    '然后用新设置重建它：在它的 Compose 目录中运行 `docker compose up -d`，或先 `docker rm` 再重新 `docker run`（`docker restart` 会沿用旧设置）；应用商店安装的应用，请在该商店的应用设置中修改。',
  'finding.deployment_setting.apply.podman':
    '然后用新设置重建它：修改它的 Quadlet `.container` 文件并运行 `systemctl daemon-reload`，或先 `podman rm` 再重新 `podman run`（`podman restart` 会沿用旧设置）。',
  'init.home.container':
    '运行在 {runtime} 容器 {name} 中（s6 槽位 {slot}）：gatewatch 通过容器内的 `{runtime_cmd} exec` 重启它；能访问 {runtime} 套接字即等于本机 root 权限',
  'init.home.container_program':
    '是 {runtime} 容器 {name} 的主程序（容器内没有 s6）：gatewatch 重启的是整个容器；能访问 {runtime} 套接字即等于本机 root 权限',
};
