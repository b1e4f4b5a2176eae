// none's own words: its name, where its output is, what to check of it and how `init` names what it runs, in
// both locales (registered for the renderers by src/probes/supervisors/index.ts, read when first worded).

export const en = {
  'status.manager.none': 'none',
  'finding.service.journal.unmanaged': 'errors.log and the output of the terminal or session it ran in ({via})',
  'finding.service.status.unmanaged': 'It was started {via}, and nothing starts it again when it ends.',
  'finding.service.status.none': 'No service manager runs it, so nothing starts it again by itself.',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'status.manager.none': '无',
  'finding.service.journal.unmanaged': 'errors.log 以及它所在终端或会话的输出（{via}）',
  'finding.service.status.unmanaged': '它是{via}启动的，结束后不会有任何东西再启动它。',
  'finding.service.status.none': '没有服务管理器托管它，所以不会自行重新启动。',
};
