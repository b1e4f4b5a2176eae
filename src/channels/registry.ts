// The list of channel plugins. A registry refuses two plugins of the same kind and type, so a typo'd copy cannot
// silently replace a real channel.
import type { AnyChannelPlugin, ChannelPlugin } from '../channel-kit/plugin.js';
import { registerSecretShapes } from '../util/redact.js';

export interface Registry {
  plugins: readonly AnyChannelPlugin[];
  notifier(type: string): AnyChannelPlugin | undefined;
  chat(type: string): AnyChannelPlugin | undefined;
  notifiers(): AnyChannelPlugin[];
  chats(): AnyChannelPlugin[];
}

export function createRegistry(plugins: readonly AnyChannelPlugin[]): Registry {
  const seen = new Set<string>();
  const keys = new Map<string, string>();
  for (const p of plugins) {
    const key = `${p.kind}:${p.type}`;
    if (seen.has(key)) throw new Error(`two channel plugins register ${p.kind} "${p.type}"`);
    seen.add(key);
    if (p.kind === 'notifier' && p.operatorKey)
      throw new Error(`notifier "${p.type}" cannot take commands (operatorKey)`);
    // Two channels reading the same operator field would let one platform's id act on the other.
    if (p.operatorKey && keys.has(p.operatorKey))
      throw new Error(
        `chat channels "${keys.get(p.operatorKey)}" and "${p.type}" both use the operator key ${p.operatorKey}`,
      );
    if (p.operatorKey) keys.set(p.operatorKey, p.type);
  }
  // The one redactor learns every plugin's secret shapes as the registry loads.
  registerSecretShapes(plugins.flatMap((p) => p.secretShapes ?? []));
  const of = (kind: ChannelPlugin['kind']) => plugins.filter((p) => p.kind === kind);
  return {
    plugins,
    notifier: (type) => plugins.find((p) => p.kind === 'notifier' && p.type === type),
    chat: (type) => plugins.find((p) => p.kind === 'chat' && p.type === type),
    notifiers: () => of('notifier'),
    chats: () => of('chat'),
  };
}
