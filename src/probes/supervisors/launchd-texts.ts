// launchd's own words: its name, where its output is, what to check of it and how `init` names what it runs, in
// both locales (registered for the renderers by src/probes/supervisors/index.ts, read when first worded).

export const en = {
  'status.manager.launchd': 'launchd',
  'finding.service.journal.launchd': "errors.log and gateway.error.log (launchd's stderr of the gateway)",
  'finding.service.status.launchd': 'If launchd should have restarted it, check the job: `{cmd}`.',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'status.manager.launchd': 'launchd',
  'finding.service.journal.launchd': 'errors.log 和 gateway.error.log（launchd 记录的网关 stderr）',
  'finding.service.status.launchd': '如果本应由 launchd 自动拉起，请检查该任务：`{cmd}`。',
};
