// s6's own words: its name, where its output is, what to check of it and how `init` names what it runs, in
// both locales (registered for the renderers by src/probes/supervisors/index.ts, read when first worded).

export const en = {
  'status.manager.s6': 's6',
  'finding.service.start.s6_removed': '`mv <its service folder> {dir}`, then `{cmd}`',
  'finding.service.journal.s6': 'errors.log and its output as s6-log keeps it ({file})',
  'finding.service.status.s6': 's6 starts it again after it exits, until told `s6-svc -d`; check it: `{cmd}`.',
  'init.home.s6': 's6 service {name}',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'status.manager.s6': 's6',
  'finding.service.start.s6_removed': '`mv <服务目录> {dir}`，再执行 `{cmd}`',
  'finding.service.journal.s6': 'errors.log 以及 s6-log 保存的它的输出（{file}）',
  'finding.service.status.s6': '它退出后 s6 会再次启动它，直到收到 `s6-svc -d`；检查：`{cmd}`。',
  'init.home.s6': 's6 服务 {name}',
};
