// Feishu/Lark's rows in the finding tables of README.md, README.zh-CN.md and docs/findings.md, one per finding it
// raises, in both locales: `npm run docs:tables` writes them there (scripts/docs-tables.ts). Docs only: nothing
// at run time loads this file.
import type { PlatformDocs } from '../platform.js';

export const docs: PlatformDocs = {
  'platform_deaf.feishu_gave_up': {
    severity: 'critical',
    en: {
      when: '*§9.4, #64712.* Feishu `retrying` with `Feishu websocket link lost; …` for over 20 min: the Lark SDK gave up its own ladder (~10 tries over ~17 min). Before 20 min, no `platform_down` and no restart: one restart per dropped link is churn (#31367).',
      restart: 'auto-restart (once, after 20 min)',
      action: 'Check the network path to Feishu if it recurs.',
    },
    'zh-CN': {
      when: '*§9.4，#64712。* 飞书处于 `retrying` 且 `Feishu websocket link lost; …` 超过 20 分钟：Lark SDK 放弃了自己的重连阶梯（约 17 分钟内约 10 次）。20 分钟之内不报 `platform_down` 也不重启：每断一次就重启只会增加抖动（#31367）。',
      restart: '自动重启（20 分钟后一次）',
      action: '如果反复出现，检查到飞书的网络。',
    },
  },
};
