// Issue 55 item 3: /status, /uptime and /fix agree with what happened. After a kill, gatewatch's restart and QQ back
// minutes later: /status said "last restart … the gateway is back, QQ not yet" beside "qqbot connected since …", and
// /uptime counted that restart as verified ("5 restarts, 5 verified"); `/fix` said "Start default…" and ran the restart
// command. The app on the test's clock, a real gateway process, its service's commands real scripts that leave a mark.
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { comebackPort } from './helpers/ports.js';
import { createApp } from '../src/app.js';
import { closeScenes, scene, type Scene } from './helpers/story-scene.js';

afterEach(closeScenes);

const WORDS = {
  en: { notYet: /QQ not yet/, later: /which Hermes reconnected at \d\d:\d\d:\d\d/, restarts: /1 restart, 0 verified/ },
  'zh-CN': { notYet: /QQ 尚未恢复/, later: /Hermes 已于 \d\d:\d\d:\d\d 将其重连/, restarts: /重启 1 次，0 次验证成功/ },
} as const;

async function say(s: Scene, text: string): Promise<string> {
  const replies = await s.h.say(text);
  return replies
    .map((r) => [r.title, ...(r.fields ?? []).map((f) => `${f.label}: ${f.value}`), ...(r.lines ?? [])].join('\n'))
    .join('\n');
}

describe.each(['en', 'zh-CN'] as const)('/status and /uptime say what happened (%s)', (locale) => {
  it('a restart that came back without QQ: "QQ not yet" only while it is so, and never counted as verified', async () => {
    const s = await scene({ qqPort: await comebackPort(), locale });
    await s.mode('unreachable');
    await s.kill();
    await s.clock.advance(1_000);
    await s.h.app.core.evaluate('default');
    await s.settle();
    expect(await say(s, '/status')).toMatch(WORDS[locale].notYet);
    await s.clock.advance(60_000);
    await s.qqBack();
    await s.look(5_000);
    const status = await say(s, '/status');
    expect(status).not.toMatch(WORDS[locale].notYet);
    expect(status).toMatch(WORDS[locale].later);
    expect(await say(s, '/uptime')).toMatch(WORDS[locale].restarts);
  }, 60_000);
});

describe("the demo playground's restarts", () => {
  it('are not counted against the budget of a daemon that watches the same home after it (init on the demo home)', async () => {
    const s = await scene({
      qqPort: await comebackPort(),
      config: { remediate: { cooldown: '0s', verify_timeout: '30s', max_restarts: 10, window: '1h' } },
      appOptions: { playground: true },
    });
    // The newcomer breaks the demo again and again: each kill restarted, each restart's cause come back.
    for (let i = 0; i < 4; i++) {
      await s.kill();
      await s.clock.advance(1_000);
      await s.h.app.core.evaluate('default');
      await s.settle();
      await s.clock.advance(5_000);
      await s.h.app.core.evaluate('default');
      await s.settle();
    }
    expect(s.h.app.core.state.restarts.filter((r) => r.ok)).toHaveLength(4);
    expect(await say(s, '/status')).toMatch(/restarts [1-9]\d*\/10 in 1h/);
    await s.h.app.stop();
    // `init` wrote the daemon's own config for the same home and state_dir: its own budget, 3 an hour.
    const config = { ...s.h.config, remediate: { ...s.h.config.remediate, max_restarts: 3 } };
    const b = await createApp(config, { log: pino({ level: 'silent' }), clock: s.clock });
    try {
      const replies: string[] = [];
      await b.handle({ channel: 'console', senderId: 'local', text: '/status' }, async (r) => {
        replies.push((r.fields ?? []).map((f) => `${f.label}: ${f.value}`).join('\n'));
      });
      expect(replies.join('\n')).toMatch(/restarts 0\/3 in 1h/);
    } finally {
      await b.stop();
    }
  }, 60_000);
});

describe('/fix says what it runs', () => {
  it('"Start default" on a dead gateway runs the start command, not the restart command', async () => {
    const s = await scene({ qqPort: await comebackPort(), config: { remediate: { auto_restart: false } } });
    // The service's start and restart commands each leave their name in `marks`, then do what the scene's did.
    const marks = path.join(s.dir, 'marks');
    const svc = s.h.config.targets[0]!.service as { restart: string[]; start: string[] };
    for (const k of ['restart', 'start'] as const) {
      const script = path.join(s.dir, `${k}-marked.js`);
      await writeFile(
        script,
        `require('node:fs').appendFileSync(${JSON.stringify(marks)}, '${k}\\n'); require(${JSON.stringify(path.join(s.dir, 'restart.js'))});`,
      );
      svc[k] = [process.execPath, script, ...svc[k].slice(2)];
    }
    await appendFile(marks, '');
    await s.kill();
    await s.clock.advance(1_000);
    await s.h.app.core.evaluate('default');
    const list = await say(s, '/fix default');
    expect(list).toMatch(/Start default/);
    await say(s, '/fix default 1 confirm');
    await s.settle();
    expect((await readFile(marks, 'utf8')).split('\n').filter(Boolean)).toEqual(['start']);
  }, 60_000);
});
