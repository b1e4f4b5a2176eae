// Each supervisor's own words, as the real tools print and write them (hermes-supervisors.md, read off pm2 5.4.3 and
// 7.0.4, supervisor 4.2.5 and runit 2.1.2), read by its adapter: the states, who stopped it, a give-up, a loop, and
// the line a gateway died of where the supervisor kept its output.
import { describe, expect, it } from 'vitest';
import { inOrder } from '../../../src/probes/container-output.js';
import { causeLine, svlogdStampMs } from '../../../src/probes/supervisors/output.js';
import { pm2Events, pm2HomeOfTitle, pm2State } from '../../../src/probes/supervisors/pm2.js';
import { parseSv } from '../../../src/probes/supervisors/runit.js';
import { mainEvents, stoppedAt, stopTime } from '../../../src/probes/supervisors/supervisord.js';
import { programsFor, serverUrlOf } from '../../../src/probes/supervisors/supervisord-conf.js';

const at = (hms: string) => new Date(`2026-11-28T${hms}`).getTime();

describe('pm2: pm2.log', () => {
  const log = [
    '2026-11-28T12:45:07: PM2 log: ===============================================================================',
    '2026-11-28T12:45:07: PM2 log: --- New PM2 Daemon started ----------------------------------------------------',
    '2026-11-28T12:45:07: PM2 log: App [hermes:0] starting in -fork mode-',
    '2026-11-28T12:45:07: PM2 log: App [hermes:0] online',
    '2026-11-28T12:45:07: PM2 log: App [other:1] online',
  ];
  const stateAt = (lines: string[], hms: string, running = false) =>
    pm2State(pm2Events(lines, 'hermes'), { now: at(hms), daemon: true, running });

  it('online, then `pm2 stop`: stopped by the operator, dated by its own line (5.4.3 and 7.0.4 end it differently)', () => {
    expect(stateAt(log, '12:46:00', true)).toMatchObject({ state: 'online', active: true });
    for (const killed of ['pid=6647 msg=process killed', 'pid=27302 msg=process tree killed (1 pids)']) {
      const stopped = [
        ...log,
        '2026-11-28T12:45:14: PM2 log: Stopping app:hermes id:0',
        '2026-11-28T12:45:14: PM2 log: App [hermes:0] exited with code [0] via signal [SIGINT]',
        `2026-11-28T12:45:14: PM2 log: ${killed}`,
      ];
      expect(stateAt(stopped, '12:46:00')).toEqual({
        state: 'stopped',
        active: false,
        stopped: { at: at('12:45:14'), line: 'Stopping app:hermes id:0' },
      });
    }
  });

  it('`pm2 restart`: stopped and started again is online, no stop left standing', () => {
    const restarted = [
      ...log,
      '2026-11-28T12:55:39: PM2 log: Stopping app:hermes id:0',
      '2026-11-28T12:55:39: PM2 log: App [hermes:0] exited with code [0] via signal [SIGINT]',
      '2026-11-28T12:55:39: PM2 log: App [hermes:0] starting in -fork mode-',
      '2026-11-28T12:55:39: PM2 log: App [hermes:0] online',
    ];
    expect(stateAt(restarted, '12:56:00')).toMatchObject({ state: 'online', active: true });
    expect(stateAt(restarted, '12:56:00').stopped).toBeUndefined();
  });

  it('a crash loop ("via signal [SIGINT]" though it exited by itself), then the give-up naming the script, not the app', () => {
    const loop = [...log];
    for (let s = 20; s < 31; s++)
      loop.push(
        `2026-11-28T12:45:${s}: PM2 log: App [hermes:0] starting in -fork mode-`,
        `2026-11-28T12:45:${s}: PM2 log: App [hermes:0] online`,
        `2026-11-28T12:45:${s}: PM2 log: App [hermes:0] exited with code [1] via signal [SIGINT]`,
      );
    const mid = stateAt(loop.slice(0, -1), '12:45:31');
    expect(mid).toMatchObject({ state: 'online', deaths: { count: 10, windowS: 120, firstAt: at('12:45:20') } });
    const waiting = stateAt(loop, '12:45:40');
    expect(waiting).toMatchObject({ state: 'waiting restart', restarting: true, deaths: { count: 11 } });
    const gave = stateAt(
      [
        ...loop,
        '2026-11-28T12:45:31: PM2 log: Script /usr/bin/bash had too many unstable restarts (16). Stopped. "errored"',
      ],
      '12:46:00',
    );
    expect(gave).toMatchObject({
      state: 'errored',
      active: false,
      gaveUp: {
        at: at('12:45:31'),
        lives: 17,
        line: 'Script /usr/bin/bash had too many unstable restarts (16). Stopped. "errored"',
      },
    });
    // Another app's give-up is not this one's.
    const theirs = stateAt(
      [
        ...log,
        '2026-11-28T12:47:00: PM2 log: App [other:1] exited with code [1] via signal [SIGINT]',
        '2026-11-28T12:47:00: PM2 log: Script /usr/bin/node had too many unstable restarts (16). Stopped. "errored"',
      ],
      '12:48:00',
      true,
    );
    expect(theirs).toMatchObject({ state: 'online' });
    expect(theirs.gaveUp).toBeUndefined();
  });

  it('`pm2 kill` is the operator stopping pm2 and its apps; a daemon gone without it is not', () => {
    const killed = [...log, '2026-11-28T12:55:47: PM2 log: PM2 successfully stopped'];
    expect(pm2State(pm2Events(killed, 'hermes'), { now: at('12:56:00'), daemon: false, running: false })).toMatchObject(
      {
        state: 'pm2 not running',
        stopped: { at: at('12:55:47'), line: 'PM2 successfully stopped' },
      },
    );
    expect(
      pm2State(pm2Events(log, 'hermes'), { now: at('12:56:00'), daemon: false, running: false }).stopped,
    ).toBeUndefined();
    // Met between the daemon's pid file going and its last line (pm2's Daemon.close): its apps' stop is the kill's.
    const killing = [
      ...log,
      '2026-11-28T12:55:46: PM2 log: Stopping app:hermes id:0',
      '2026-11-28T12:55:46: PM2 log: App [hermes:0] exited with code [0] via signal [SIGINT]',
      '2026-11-28T12:55:46: PM2 log: pid=6647 msg=process killed',
    ];
    expect(
      pm2State(pm2Events(killing, 'hermes'), { now: at('12:55:47'), daemon: false, running: false }),
    ).toMatchObject({ state: 'pm2 not running', stopped: { at: at('12:55:46'), line: 'Stopping app:hermes id:0' } });
    // Started again after that stop, then the daemon gone without a word: nobody's stop.
    const after = [...killing, '2026-11-28T12:56:10: PM2 log: App [hermes:0] starting in -fork mode-'];
    expect(
      pm2State(pm2Events(after, 'hermes'), { now: at('12:57:00'), daemon: false, running: false }).stopped,
    ).toBeUndefined();
  });

  it("the God daemon's title names its home only when whole", () => {
    expect(pm2HomeOfTitle('PM2 v5.4.3: God Daemon (/home/ops/.pm2)')).toBe('/home/ops/.pm2');
    expect(pm2HomeOfTitle('PM2 v7.0.4: God Daemon (/tmp/gw-suite-oC0V1X/gw-pm2-n9')).toBeUndefined();
  });
});

describe('supervisord', () => {
  it('`STOPPED   Nov 28 03:05 PM`: the last such time before now', () => {
    expect(stoppedAt('Nov 28 03:05 PM', at('16:00:00'))).toBe(at('15:05:00'));
    expect(stoppedAt('Nov 28 12:46 AM', at('16:00:00'))).toBe(at('00:46:00'));
    expect(stoppedAt('Dec 31 11:59 PM', new Date('2027-01-01T00:10:00').getTime())).toBe(
      new Date('2026-12-31T23:59:00').getTime(),
    );
  });

  it('its main log: spawns, exits not expected, a stop, the give-up; another program is not this one', () => {
    const lines = [
      "2026-11-28 12:46:08,641 INFO spawned: 'hermes' with pid 14525",
      '2026-11-28 12:46:08,964 WARN exited: hermes (exit status 1; not expected)',
      '2026-11-28 12:46:10,904 WARN exited: hermes-web (exit status 1; not expected)',
      '2026-11-28 12:46:41,292 INFO gave up: hermes entered FATAL state, too many start retries too quickly',
      '2026-11-28 12:46:00,926 WARN stopped: hermes (exit status 1)',
    ];
    expect(mainEvents(lines, 'hermes').map((e) => e.kind)).toEqual(['spawned', 'exited', 'gave_up', 'stopped']);
    expect(mainEvents(lines, 'hermes')[1]!.at).toBe(at('12:46:08.964'));
  });

  it('finds the program that runs a home in its configuration, and the server it belongs to', () => {
    const conf = [
      '[unix_http_server]',
      'file=/var/run/supervisor.sock',
      '[program:web]',
      'command=/usr/bin/python3 -m http.server',
      '[program:hermes]',
      'command=/home/ops/.local/bin/hermes gateway run',
      'user=ops',
      '[program:hermes-work]',
      'command=hermes gateway run',
      'environment=HERMES_HOME="/srv/hermes/profiles/work",LANG="C.UTF-8"',
    ].join('\n');
    const ops = (u: string) => (u === 'ops' ? '/home/ops' : undefined);
    expect(programsFor(conf, '/home/ops/.hermes', '/home/ops', '/', ops)).toEqual(['hermes']);
    expect(programsFor(conf, '/srv/hermes/profiles/work', '/home/ops', '/', ops)).toEqual(['hermes-work']);
    expect(serverUrlOf(conf)).toBe('unix:///var/run/supervisor.sock');
    expect(serverUrlOf(`${conf}\n[supervisorctl]\nserverurl=unix:///tmp/s.sock\n`)).toBe('unix:///tmp/s.sock');
  });

  it("reads Debian's own file as supervisord does: whole-line and inline comments, `[include]` named in a comment", () => {
    const debian = [
      '[unix_http_server]',
      'file=/var/run/supervisor.sock   ; (the path to the socket file)',
      '[supervisorctl]',
      'serverurl=unix:///var/run/supervisor.sock ; use a unix:// URL  for a unix socket',
      '; The [include] section can just contain the "files" setting.  This',
      '[include]',
      'files = /etc/supervisor/conf.d/*.conf',
    ].join('\n');
    expect(serverUrlOf(debian)).toBe('unix:///var/run/supervisor.sock');
    expect(serverUrlOf(debian.replace(/^serverurl.*$/m, ''))).toBe('unix:///var/run/supervisor.sock');
    const program = [
      '; Hermes, as the operator wrote it',
      '[program:hermes]',
      'command = /usr/local/bin/hermes gateway run   ; the gateway',
      'Environment = HOME="/home/dev",HERMES_HOME="%(here)s/../hermes" ; its home',
      'autorestart = false ; by hand',
      '[program:notes]',
      'command=echo hermes gateway run;not a comment',
    ].join('\n');
    expect(programsFor(program, '/etc/hermes', '/root', '/etc/supervisor')).toEqual(['hermes']);
  });

  it("a program run as `user=` serves that user's ~/.hermes: supervisord leaves HOME as it was (none under systemd)", () => {
    const homes: Record<string, string> = { dev: '/home/dev', '1001': '/srv/ops' };
    const homeOf = (u: string) => homes[u];
    const program = (user: string, env = '') =>
      ['[program:hermes]', 'command=hermes gateway run', `user=${user}`, ...(env ? [`environment=${env}`] : [])].join(
        '\n',
      );
    expect(programsFor(program('dev'), '/home/dev/.hermes', '/root', '/', homeOf)).toEqual(['hermes']);
    expect(programsFor(program('dev'), '/root/.hermes', '/root', '/', homeOf)).toEqual([]);
    // A uid, as supervisord takes one too; a HOME its environment sets wins; a user the password file lacks serves no
    // `~` (supervisord refuses its program: `Invalid user name ghost`), never the caller's.
    expect(programsFor(program('1001'), '/srv/ops/.hermes', '/root', '/', homeOf)).toEqual(['hermes']);
    expect(programsFor(program('dev', 'HOME="/opt/dev"'), '/opt/dev/.hermes', '/root', '/', homeOf)).toEqual([
      'hermes',
    ]);
    expect(programsFor(program('ghost'), '/root/.hermes', '/root', '/', homeOf)).toEqual([]);
    expect(programsFor(program('ghost', 'HERMES_HOME="/srv/h"'), '/srv/h', '/root', '/', homeOf)).toEqual(['hermes']);
  });
});

describe("supervisord: a stop's time", () => {
  it("`STOPPED Nov 28 07:30 PM` is a minute: its main log's `stopped:` line in it dates the stop", () => {
    const now = at('19:45:00');
    const events = mainEvents(
      [
        '2026-11-28 19:29:58,100 WARN stopped: hermes (exit status 1)',
        '2026-11-28 19:30:41,512 WARN stopped: hermes (exit status 1)',
      ],
      'hermes',
    );
    expect(stopTime('Nov 28 07:30 PM', events, now)).toBe(at('19:30:41.512'));
    // No line of it in that minute (its main log rotated): the minute's start, as before.
    expect(stopTime('Nov 28 07:30 PM', events.slice(0, 1), now)).toBe(at('19:30:00'));
  });
});

describe("runit: svlogd's stamps", () => {
  it('TAI64N (-t), read off svlogd 2.1.2 at Unix 1795899401.37, and the UTC forms of -tt and -ttt', () => {
    expect(svlogdStampMs('@400000006b0b401315fa656c ModuleNotFoundError: x')).toBe(1795899401_368);
    expect(svlogdStampMs('2026-11-28_20:49:27.58405 Traceback')).toBe(Date.parse('2026-11-28T20:49:27.584Z'));
    expect(svlogdStampMs('2026-11-28T20:49:27.58405 Traceback')).toBe(Date.parse('2026-11-28T20:49:27.584Z'));
    expect(svlogdStampMs('Traceback (most recent call last):')).toBeUndefined();
  });
});

describe('runit: sv status', () => {
  it('running, stopped by `sv down`, a down file, between two lives of a crash loop, stopping', () => {
    expect(parseSv('run: /var/service/hermes: (pid 18659) 2s; run: log: (pid 18658) 2s')).toEqual({
      state: 'run',
      pid: 18659,
      seconds: 2,
      normallyUp: true,
      line: 'run: /var/service/hermes: (pid 18659) 2s',
    });
    expect(parseSv('down: /var/service/hermes: 7200s, normally up; run: log: (pid 18658) 6s')).toMatchObject({
      state: 'down',
      seconds: 7200,
      normallyUp: true,
    });
    expect(parseSv('down: /var/service/hermes: 1s; run: log: (pid 18658) 658s')).toMatchObject({ normallyUp: false });
    expect(parseSv('down: /var/service/hermes: 1s, normally up, want up; run: log: (pid 1) 16s')).toMatchObject({
      wantUp: true,
    });
    expect(parseSv('run: /var/service/hermes: (pid 27220) 1s, want down; run: log: (pid 1) 657s')).toMatchObject({
      state: 'run',
      wantDown: true,
    });
    expect(parseSv('warning: /etc/sv/hermes: unable to open supervise/ok: access denied')).toBeUndefined();
    expect(parseSv('fail: /tmp/x: unable to change to service directory: file does not exist')).toBeUndefined();
  });
});

describe('the line a gateway died of', () => {
  it("Python's exception line, after the stamps svlogd, pm2 and s6-log put before it", () => {
    const tb = [
      'Traceback (most recent call last):',
      '  File "/usr/local/bin/hermes", line 5, in <module>',
      "ModuleNotFoundError: No module named 'lark_oapi'",
    ];
    expect(causeLine(tb)).toBe("ModuleNotFoundError: No module named 'lark_oapi'");
    expect(causeLine(tb.map((l) => `2026-11-28_13:30:01.12345 ${l}`))).toBe(
      "ModuleNotFoundError: No module named 'lark_oapi'",
    );
    expect(causeLine(tb.map((l) => `@400000006927f9a10b3cbd7c ${l}`))).toBe(
      "ModuleNotFoundError: No module named 'lark_oapi'",
    );
    expect(causeLine(['starting', 'Error: cannot open /opt/data/config.yaml: Permission denied', 'bye'])).toBe(
      'Error: cannot open /opt/data/config.yaml: Permission denied',
    );
    expect(causeLine(['all good', 'still good'])).toBeUndefined();
  });

  // Umbrel's app runs the image with `user: "1000:1000"`, which its boot refuses at every start: the line that says so
  // is the one its program marks as its error, not the prose after it (hermes-agent docker/stage2-hook.sh).
  it('the line a program marks as its error, before the prose it goes on with', () => {
    const refused = [
      '[stage2] ERROR: container started with --user 1000 (an arbitrary, non-hermes UID).',
      'This is not supported under the s6-overlay image. The container bootstrap',
      '(UID remap, data-volume ownership, config seeding) needs to start as root,',
      'and the baked /opt/hermes install tree is intentionally root-owned and',
      'non-writable, so a pinned --user UID cannot repair startup state — startup',
      'will fail.',
      "To make container-written files match your HOST user, DON'T use --user.",
    ];
    expect(causeLine([...refused, ...refused])).toBe(refused[0]);
    expect(causeLine(['s6-overlay-suexec: fatal: can only run as pid 1', 'the start failed'])).toBe(
      's6-overlay-suexec: fatal: can only run as pid 1',
    );
    // The same refusal as other programs word an error: a level in brackets, before its tag, Node's `Error:`.
    for (const marked of [
      '[ERROR] container started with --user 1000 (an arbitrary, non-hermes UID).',
      'ERROR [stage2] container started with --user 1000 (an arbitrary, non-hermes UID).',
      'Error: container started with --user 1000 (an arbitrary, non-hermes UID).',
    ])
      expect(causeLine([marked, ...refused.slice(1), marked, ...refused.slice(1)])).toBe(marked);
  });
});

describe('the line quoted is the one that says why', () => {
  const life = (t: string) => `2026-11-28 12:00:${t},000`;
  it("the last life's own line: not a warning every start writes, not a link that dropped a minute before", () => {
    const lines = [
      `${life('00')} INFO gateway.run: Starting Hermes Gateway...`,
      `${life('01')} WARNING gateway.platforms.qqbot.adapter: WebSocket error: WebSocket closed`,
      `${life('54')} INFO gateway.run: Starting Hermes Gateway...`,
      `${life('54')} WARNING hermes_cli.plugins: Failed to load plugin 'wecom-platform': No module named 'wecom'`,
      `${life('55')} ERROR gateway.run: Gateway failed to connect any configured messaging platform`,
      `${life('55')} INFO gateway.run: Exiting with code 1`,
    ];
    const bare = (l: string) => l.slice(24);
    expect(causeLine(lines)).toBe(bare(lines[4]!));
    // An exception outranks a logged error; a failure said bare, an error too.
    expect(causeLine([...lines, 'sqlite3.OperationalError: database is locked'])).toBe(
      'sqlite3.OperationalError: database is locked',
    );
    expect(causeLine([...lines.slice(0, 4), 'fatal: cannot open /opt/data/.env'])).toBe(
      'fatal: cannot open /opt/data/.env',
    );
    // The newest life just begun (a loop's next start): the life before it says why it died.
    expect(causeLine([...lines, `${life('57')} INFO gateway.run: Starting Hermes Gateway...`])).toBe(bare(lines[4]!));
    // Only the warning in the last life, and nothing worse before: that is all there is to quote.
    expect(causeLine(lines.slice(2, 4))).toBe(bare(lines[3]!));
  });

  it("docker logs' two streams merged by their stamps, as they were written", () => {
    const out =
      '2026-11-28T12:00:01.000000001Z Starting Hermes Gateway...\n2026-11-28T12:00:03.5Z Exiting with code 1\n';
    const err = '2026-11-28T12:00:02.000000000Z ModuleNotFoundError: No module named x\n';
    expect(inOrder(out, err).map((l) => l.replace(/^\S+ /, ''))).toEqual([
      'Starting Hermes Gateway...',
      'ModuleNotFoundError: No module named x',
      'Exiting with code 1',
    ]);
    expect(inOrder('a\nb\n', 'c\n')).toEqual(['a', 'b', 'c']);
    // Docker's stamp and Hermes' own both off the line quoted.
    expect(
      causeLine(['2026-11-28T12:00:02.1Z 2026-11-28 12:00:02,100 ERROR gateway.run: Gateway failed to start']),
    ).toBe('ERROR gateway.run: Gateway failed to start');
  });
});
