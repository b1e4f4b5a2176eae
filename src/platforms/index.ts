// Every Hermes platform gatewatch knows its own ways of going deaf: one line a platform, the one place that imports
// them all. A platform's lines, words, rules and demo fault live in its folder; docs/architecture.md, "How to teach
// gatewatch a platform", adds one. Loading this module registers each platform's parts into the layers that use them
// (they sit below and name no platform): its rules into the detectors, its words into the texts, the lines it needs
// kept into the agent.log probes. The composition root loads it; the demo reads its faults from it.
import { registerPlatforms } from '../detectors/hermes-platforms.js';
import { addWords } from '../i18n.js';
import { keepPlatformLines } from '../probes/platform-lines.js';
import type { PlatformPlugin } from './platform.js';
import { dingtalk } from './dingtalk/detect.js';
import { discord } from './discord/detect.js';
import { email } from './email/detect.js';
import { feishu } from './feishu/detect.js';
import { googleChat } from './google_chat/detect.js';
import { matrix } from './matrix/detect.js';
import { photon } from './photon/detect.js';
import { qqbot } from './qqbot/detect.js';
import { signal } from './signal/detect.js';
import { slack } from './slack/detect.js';
import { telegram } from './telegram/detect.js';
import { wecom } from './wecom/detect.js';
import { weixin } from './weixin/detect.js';
import { whatsapp } from './whatsapp/detect.js';

export const HERMES_PLATFORMS = [
  qqbot,
  weixin,
  matrix,
  wecom,
  slack,
  dingtalk,
  telegram,
  whatsapp,
  discord,
  signal,
  feishu,
  email,
  photon,
  googleChat,
] as const;

/**
 * Hands each layer below its part of these platforms: the rules and checks to the detectors, the words to the texts,
 * the lines to the agent.log probes. Refuses a platform registered twice (and a text two platforms both word).
 */
export function registerHermesPlatforms(platforms: readonly PlatformPlugin[]): void {
  registerPlatforms(platforms);
  for (const p of platforms) {
    addWords(p.words);
    keepPlatformLines({ agentOnly: p.agentLines, hours: p.hoursLines });
  }
}

registerHermesPlatforms(HERMES_PLATFORMS);

type DemoOf<P> = P extends { demo?: { name: infer N } } ? Exclude<N, undefined> : never;
export type PlatformDemoFaultName = DemoOf<(typeof HERMES_PLATFORMS)[number]>;

/** Every platform's demo fault: what `gatewatch demo fault <name>` makes the demo gateway log. */
export const PLATFORM_DEMO_FAULTS = HERMES_PLATFORMS.flatMap((p) => (p.demo ? [p.demo] : []));
