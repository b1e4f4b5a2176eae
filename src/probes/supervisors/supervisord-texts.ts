// supervisord's own words: its name, where its output is, what to check of it and how `init` names what it runs, in
// both locales (registered for the renderers by src/probes/supervisors/index.ts, read when first worded).

export const en = {
  'status.manager.supervisord': 'supervisord',
  'finding.service.start.supervisord_removed': '`{section}` back in its file, then `{cmd}`',
  'finding.service.journal.supervisord': 'errors.log and its stderr as supervisord keeps it (`{cmd}`)',
  'finding.service.status.supervisord':
    'supervisord starts it again when it exits, and gives up (FATAL) after starts that do not last; check it: `{cmd}`.',
  'init.home.supervisord': 'supervisord program {name}',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'status.manager.supervisord': 'supervisord',
  'finding.service.start.supervisord_removed': '`{cmd}`（先把 `{section}` 放回它的文件）',
  'finding.service.journal.supervisord': 'errors.log 以及 supervisord 保存的它的 stderr（`{cmd}`）',
  'finding.service.status.supervisord':
    '它退出后 supervisord 会再次启动它，启动总是撑不住时就放弃（FATAL）；检查：`{cmd}`。',
  'init.home.supervisord': 'supervisord 程序 {name}',
};
