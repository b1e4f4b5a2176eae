// pm2's own words: its name, where its output is, what to check of it and how `init` names what it runs, in
// both locales (registered for the renderers by src/probes/supervisors/index.ts, read when first worded).

export const en = {
  'status.manager.pm2': 'pm2',
  'finding.service.journal.pm2': "errors.log, pm2's error log of it ({file}) and `{cmd}`",
  'finding.service.status.pm2':
    'pm2 starts it again when it dies, and stops trying (errored) after too many restarts that do not last; check it: `{cmd}`.',
  'init.home.pm2': 'pm2 app {name} (PM2_HOME {home})',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'status.manager.pm2': 'pm2',
  'finding.service.journal.pm2': 'errors.log、pm2 为它记录的错误日志（{file}）以及 `{cmd}`',
  'finding.service.status.pm2':
    '它退出后 pm2 会再次启动它，重启太多次都撑不住时 pm2 就不再尝试（errored）；检查：`{cmd}`。',
  'init.home.pm2': 'pm2 应用 {name}（PM2_HOME {home}）',
};
