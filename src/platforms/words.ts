// Every Hermes platform's words, one line a platform: spread into the findings catalogues (src/text/findings-*.ts).
import * as dingtalk from './dingtalk/words.js';
import * as discord from './discord/words.js';
import * as feishu from './feishu/words.js';
import * as matrix from './matrix/words.js';
import * as signal from './signal/words.js';
import * as slack from './slack/words.js';
import * as telegram from './telegram/words.js';
import * as wecom from './wecom/words.js';
import * as weixin from './weixin/words.js';
import * as whatsapp from './whatsapp/words.js';

export const platformWordsEn = {
  ...dingtalk.en,
  ...discord.en,
  ...feishu.en,
  ...matrix.en,
  ...signal.en,
  ...slack.en,
  ...telegram.en,
  ...wecom.en,
  ...weixin.en,
  ...whatsapp.en,
};

export const platformWordsZh: Record<keyof typeof platformWordsEn, string> = {
  ...dingtalk.zhCN,
  ...discord.zhCN,
  ...feishu.zhCN,
  ...matrix.zhCN,
  ...signal.zhCN,
  ...slack.zhCN,
  ...telegram.zhCN,
  ...wecom.zhCN,
  ...weixin.zhCN,
  ...whatsapp.zhCN,
};
