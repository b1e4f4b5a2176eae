// A channel plugin's settings schema is built when read, and the config loader reads only those of the channels a
// config names (issue 21: building all thirteen cost a cron-run `gatewatch check` ~20 ms of its start-up). The real
// registry's plugins, each seen through an object that records when its schema is read.
import * as z from '../../src/util/zod.js';
import { describe, expect, it } from 'vitest';
import { definePlugin, type AnyChannelPlugin } from '../../src/channel-kit/plugin.js';
import { registry } from '../../src/channels/plugins.js';
import { configLoader } from '../../src/config/load.js';

function watchedLoader() {
  const reads: string[] = [];
  const plugins = registry.plugins.map(
    (p) => Object.create(p, { schema: { get: () => (reads.push(p.type), p.schema) } }) as AnyChannelPlugin,
  );
  return { reads, loader: configLoader(plugins) };
}

const targets = 'targets:\n  - { name: a, hermes_home: /tmp, service: { manager: none } }\n';

describe('channel settings schemas are built for the channels a config names', () => {
  it('a console-only config reads no plugin schema; its default config neither', () => {
    const { reads, loader } = watchedLoader();
    expect(loader.parseConfig(targets, 'c.yaml', {}).channelList).toEqual([]);
    loader.defaultConfig();
    expect(reads).toEqual([]);
  });

  it('a Telegram-only config reads the Telegram schema alone, and still checks it (line, key)', () => {
    const { reads, loader } = watchedLoader();
    const ok = loader.parseConfig(
      `${targets}channels:\n  telegram:\n    bot_token: "123456:AAE-abcdefghijklmnopqrstu"\n`,
      'c.yaml',
      {},
    );
    expect(ok.channelList.map((c) => c.name)).toEqual(['telegram']);
    expect(new Set(reads)).toEqual(new Set(['telegram']));
    expect(() => loader.parseConfig(`${targets}channels:\n  telegram:\n    bot_token: nope\n`, 'c.yaml', {})).toThrow(
      /c\.yaml:5: key "channels\.telegram\.bot_token": expected a bot token/,
    );
  });

  it('a notifier reads its own type only; an unknown type is still told every known one', () => {
    const { reads, loader } = watchedLoader();
    loader.parseConfig(
      `${targets}channels:\n  notifiers:\n    - { type: ntfy, url: "https://ntfy.sh/x" }\n`,
      'c.yaml',
      {},
    );
    expect(new Set(reads)).toEqual(new Set(['ntfy']));
    const types = registry
      .notifiers()
      .map((p) => p.type)
      .join(', ');
    expect(() =>
      loader.parseConfig(`${targets}channels:\n  notifiers:\n    - { type: pager, url: "https://x" }\n`, 'c.yaml', {}),
    ).toThrow(`expected a notifier with type: ${types}`);
  });

  it('the loader’s configSchema builds the same way: a parse of what names no channel reads none', () => {
    const { reads, loader } = watchedLoader();
    expect(loader.configSchema.parse({ targets: [{ name: 'a', hermes_home: '/tmp' }] }).channels.notifiers).toEqual([]);
    expect(reads).toEqual([]);
  });

  it('definePlugin builds the schema on first read, once', () => {
    let builds = 0;
    const p = definePlugin({
      type: 'x',
      kind: 'notifier',
      schema: () => (builds++, z.strictObject({ url: z.string() })),
      example: { settings: { url: 'u' } },
      create: () => {
        throw new Error('unused');
      },
    });
    expect(builds).toBe(0);
    expect(p.schema.parse({ url: 'u' })).toEqual({ url: 'u' });
    expect(p.schema).toBe(p.schema);
    expect(builds).toBe(1);
  });
});
