// runit's own words: its name, where its output is, what to check of it and how `init` names what it runs, in
// both locales (registered for the renderers by src/probes/supervisors/index.ts, read when first worded).

export const en = {
  'status.manager.runit': 'runit',
  'finding.service.start.runit_removed': '`ln -s <its service folder> {link}`',
  // runsv starts for the link within runsvdir's 5 s scan; `sv up` before that fails ("unable to open supervise/ok").
  'finding.service.start.runit_relink_down':
    "{link}, then {up} once runit has picked it up, within 5 s (its folder's `down` file keeps it down)",
  'finding.service.journal.runit': 'errors.log and its output as svlogd keeps it ({file})',
  'finding.service.status.runit':
    'runit starts it again a second after it exits, for as long as it should be up; check it: `{cmd}`.',

  'init.home.runit': 'runit service {name}',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'status.manager.runit': 'runit',
  'finding.service.start.runit_removed': '`ln -s <服务目录> {link}`',
  'finding.service.start.runit_relink_down':
    '{link}，等 runit 接管后（5 秒内）再执行 {up}（它目录里的 `down` 文件会让它保持停止）',
  'finding.service.journal.runit': 'errors.log 以及 svlogd 保存的它的输出（{file}）',
  'finding.service.status.runit': '只要它应当运行，它退出一秒后 runit 就会再次启动它；检查：`{cmd}`。',

  'init.home.runit': 'runit 服务 {name}',
};
