// systemd's own words: its name, where its output is, what to check of it and how `init` names what it runs, in
// both locales (registered for the renderers by src/probes/supervisors/index.ts, read when first worded).

export const en = {
  'status.manager.systemd': 'systemd',
  'finding.service.journal.systemd': 'errors.log and the journal (`{cmd}`)',
  'finding.service.status.systemd': 'If systemd should have restarted it, check the unit: `{cmd}`.',
  'init.home.systemd_system': 'systemd system service {name}',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'status.manager.systemd': 'systemd',
  'finding.service.journal.systemd': 'errors.log 和 journal（`{cmd}`）',
  'finding.service.status.systemd': '如果本应由 systemd 自动拉起，请检查该单元：`{cmd}`。',
  'init.home.systemd_system': 'systemd 系统服务 {name}',
};
