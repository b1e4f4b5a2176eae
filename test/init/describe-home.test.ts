// The line `init` prints of each home, in both locales: where its gateway runs in its supervisor's own terms, and a
// container without s6 said as the container's program, never with an empty slot (issue 76 item 3: "s6 slot )").
import { describe, expect, it } from 'vitest';
import { describeHome } from '../../src/init/render.js';
import type { FoundHome } from '../../src/init/find.js';

const home = (service: FoundHome['service'], more: Partial<FoundHome> = {}): FoundHome => ({
  name: 'hermes',
  home: '/srv/hermes',
  profile: 'default',
  mode: 'root',
  platforms: ['telegram'],
  serves: [],
  service,
  ...more,
});

describe("init's line for a home", () => {
  it('a container without s6: the container is the program and what gatewatch restarts; no empty slot', () => {
    // What init found on main of a container whose runtime said no s6: its name, no slot.
    for (const h of [
      home({ manager: 'docker', container: { name: 'hermes-plain' } }),
      home({ manager: 'docker', container: { name: 'hermes-plain', program: true } }),
    ]) {
      const en = describeHome('en', h);
      const zh = describeHome('zh-CN', h);
      expect(en).not.toMatch(/s6 slot \)/);
      expect(zh).not.toMatch(/s6 槽位 ）/);
      expect(en).toContain(
        'the program of Docker container hermes-plain (no s6 in it): gatewatch restarts the container',
      );
      expect(zh).toContain('是 Docker 容器 hermes-plain 的主程序（容器内没有 s6）：gatewatch 重启的是整个容器');
    }
    expect(
      describeHome('en', home({ manager: 'docker', container: { name: 'hermes', slot: 'gateway-default' } })),
    ).toContain('runs in Docker container hermes (s6 slot gateway-default)');
  });

  it("each supervisor's program in its own terms, and its lever", () => {
    const cases: [FoundHome['service'], string, string][] = [
      [
        { manager: 'pm2', name: 'hermes', via: '/srv/pm2' },
        'pm2 app hermes (PM2_HOME /srv/pm2)',
        'pm2 应用 hermes（PM2_HOME /srv/pm2）',
      ],
      [{ manager: 'supervisord', name: 'hermes' }, 'supervisord program hermes', 'supervisord 程序 hermes'],
      [
        { manager: 'runit', name: '/etc/service/hermes' },
        'runit service /etc/service/hermes',
        'runit 服务 /etc/service/hermes',
      ],
      [
        { manager: 'systemd', name: 'hermes-gateway.service', scope: 'system' },
        'systemd system service hermes-gateway.service',
        'systemd 系统服务 hermes-gateway.service',
      ],
      // A live gateway's unit, read off its cgroup (no unit file found): still its service, not "no service found".
      [
        { manager: 'systemd', name: 'hermes-gateway.service', scope: 'user' },
        'systemd service hermes-gateway.service',
        'systemd 服务 hermes-gateway.service',
      ],
      [{ manager: 'none' }, 'no service found: gatewatch alerts but cannot restart it', '没有找到服务'],
    ];
    for (const [service, en, zh] of cases) {
      expect(describeHome('en', home(service))).toContain(en);
      expect(describeHome('zh-CN', home(service))).toContain(zh);
    }
    const found = home(
      { manager: 'pm2', name: 'hermes', via: '/srv/pm2' },
      { elsewhere: true, lever: '`PM2_HOME=/srv/pm2 pm2 restart hermes`' },
    );
    expect(describeHome('en', found)).toBe(
      'at /srv/hermes; platforms Telegram; pm2 app hermes (PM2_HOME /srv/pm2); restart: `PM2_HOME=/srv/pm2 pm2 restart hermes`',
    );
    expect(describeHome('zh-CN', found)).toBe(
      '位于 /srv/hermes；平台 Telegram；pm2 应用 hermes（PM2_HOME /srv/pm2）；重启：`PM2_HOME=/srv/pm2 pm2 restart hermes`',
    );
  });
});
