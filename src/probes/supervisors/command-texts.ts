// command's own words: its name, where its output is, what to check of it and how `init` names what it runs, in
// both locales (registered for the renderers by src/probes/supervisors/index.ts, read when first worded).

export const en = {
  'status.manager.command': "the commands in gatewatch's config",
  'finding.service.restart.gatewatch': '`{restart_cmd}`',
  'finding.service.start.command': "the start command gatewatch's config gives this gateway",
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'status.manager.command': 'gatewatch 配置中的命令',
  'finding.service.restart.gatewatch': '`{restart_cmd}`',
  'finding.service.start.command': 'gatewatch 配置中为这个网关设定的启动命令',
};
