// Issue 60: a filesystem can be unwritable with bytes to spare. Live homes on real mounts, each judged by the daemon
// and by `gatewatch check --json` (a cron job, no daemon) alike: the home itself read-only, only its sessions/ on a
// read-only mount, no inode left on the home, no inode left on a logs/ mounted apart; the look-alikes beside them (a
// read-only mount fixed two hours ago, a full inode table where Hermes does not write) stay quiet. The host is asked at
// a cold look, whatever the logs say. Mounting needs root: skipped with the reason where it cannot be done.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import type { Finding } from '../src/types.js';
import { cleanup, tempDir } from './helpers/probe-procs.js';
import {
  ago,
  chat,
  entryAgo,
  every,
  gatewayFor,
  judgedAlike,
  writeHome,
  type HomeSpec,
} from './helpers/evidence-homes.js';
import { exhaustInodes, mountUnavailable, remount, tmpfs, unmountAll } from './helpers/mounts.js';

/** A turn that failed `s` seconds ago as the runner logs one, its traceback ending in `error`, and its error reply sent. */
const failedTurn = (home: string, s: number, error: string) => [
  `${ago(s)} INFO gateway.run: inbound message: platform=qqbot user=U1 chat=U1 msg='hi' reply_to_id=None reply_to_text=''`,
  [
    `${ago(s)} ERROR gateway.run: Agent error in session agent:main:qqbot:dm:U1`,
    'Traceback (most recent call last):',
    `  File "${home}/hermes-agent/gateway/run.py", line 9406, in _handle_message_with_agent`,
    '    agent_result = await self._run_agent(',
    error,
  ].join('\n'),
  `${ago(s)} INFO gateway.platforms.base: [QQBot] Sending response (75 chars) to U1`,
];

/** CPython's OSError for EROFS (Objects/exceptions.c `OSError_str`, glibc's strerror). */
const erofs = (file: string) => `OSError: [Errno 30] Read-only file system: '${file}'`;

/** A home's own tmpfs: 1 GiB (spent only as written), far from Hermes' critical disk tier. */
const HOME_KIB = 1024 * 1024;

const chatting = () => every(3000, 300, 10).flatMap((s) => chat('qqbot', s));
const live = (gateway: string[] = [], upFor?: number): HomeSpec => ({
  platforms: { qqbot: entryAgo('connected', (upFor ?? 3600) - 10) },
  gateway: [...chatting(), ...gateway],
  ...(upFor ? { upFor } : {}),
});

interface Case {
  /** Mounts made before the gateway writes its home (`home` is where it will be). */
  before?: (home: string) => void;
  spec: (home: string) => HomeSpec;
  /** What happens to the mounts once the home is written. */
  after?: (home: string) => void;
  want: { id: string; restart?: string; title?: RegExp; evidence?: RegExp }[];
}

const CASES: Record<string, Case> = {
  'the home itself remounted read-only, no log saying so (a cold look)': {
    before: (h) => tmpfs(h, { sizeKiB: HOME_KIB }),
    spec: () => live(),
    after: (h) => remount(h, 'ro'),
    want: [{ id: 'disk_readonly', restart: 'never', title: /write to \/\S+: its filesystem is read-only/ }],
  },
  'only sessions/ on a read-only mount, a turn failing with [Errno 30]': {
    before: (h) => tmpfs(path.join(h, 'sessions'), { sizeKiB: 256 }),
    spec: (h) => live(failedTurn(h, 60, erofs(path.join(h, 'sessions', 'sessions.json')))),
    after: (h) => remount(path.join(h, 'sessions'), 'ro'),
    want: [
      {
        id: 'disk_readonly',
        restart: 'never',
        title: /write to \S+\/sessions: its filesystem is read-only/,
        evidence: /Agent error in session/,
      },
    ],
  },
  'no inode left on the home with space to spare, no log saying so': {
    before: (h) => tmpfs(h, { sizeKiB: HOME_KIB, inodes: 64 }),
    spec: () => live(),
    after: (h) => void exhaustInodes(h),
    want: [{ id: 'disk_full', restart: 'never', title: /^No inode left on the filesystem of \/\S+: / }],
  },
  'no inode left on a logs/ mounted apart, [Errno 28] in an MCP server’s stderr': {
    before: (h) => tmpfs(path.join(h, 'logs'), { sizeKiB: 2048, inodes: 48 }),
    spec: () => ({
      ...live(),
      files: {
        'logs/mcp-stderr.log': [
          '[memory-mcp] rotating its log...',
          'Traceback (most recent call last):',
          '  File "/opt/mcp/memory/store.py", line 88, in rotate',
          '    open(path, "w")',
          'OSError: [Errno 28] No space left on device',
        ],
      },
    }),
    after: (h) => void exhaustInodes(path.join(h, 'logs')),
    want: [{ id: 'disk_full', restart: 'never', title: /filesystem of \S+\/logs: /, evidence: /memory-mcp/ }],
  },
  'look-alike: the home read-only two hours ago, remounted read-write since': {
    before: (h) => tmpfs(h, { sizeKiB: HOME_KIB }),
    spec: (h) =>
      live(
        [7200, 7000].flatMap((s) => failedTurn(h, s, erofs(path.join(h, 'state.db')))),
        3 * 3600,
      ),
    after: (h) => {
      remount(h, 'ro');
      remount(h, 'rw');
    },
    want: [],
  },
  'look-alike: a full inode table where Hermes does not write (backups/)': {
    before: (h) => tmpfs(path.join(h, 'backups'), { sizeKiB: 256, inodes: 16 }),
    spec: () => live(),
    after: (h) => void exhaustInodes(path.join(h, 'backups')),
    want: [],
  },
};

const why = mountUnavailable();
const names = Object.keys(CASES);
const targetOf = (i: number) => `h${i}`;
let app: App;
let check: Finding[];

beforeAll(async () => {
  if (why) return;
  const dir = await tempDir('gw-mounts-');
  const homes = names.map((_, i) => path.join(dir, targetOf(i)));
  for (const [i, name] of names.entries()) CASES[name]!.before?.(homes[i]!);
  const pids = [];
  for (const h of homes) pids.push(await gatewayFor(h));
  for (const [i, name] of names.entries()) {
    await writeHome(homes[i]!, pids[i]!, CASES[name]!.spec(homes[i]!));
    CASES[name]!.after?.(homes[i]!);
  }
  const service = { manager: 'command', is_active: ['true'], restart: ['false'] };
  ({ app, check } = await judgedAlike(
    dir,
    homes.map((h, i) => ({ name: targetOf(i), hermes_home: h, service })),
  ));
}, 120_000);

afterAll(async () => {
  await app?.stop();
  // Before the temporary folders go: a mount point cannot be removed.
  unmountAll();
  await cleanup();
});

const verdict = (found: Finding[], target: string) =>
  found
    .filter((f) => f.target === target && !f.lapsed)
    .map((f) => ({ id: f.check, restart: f.restart, title: f.title, lines: f.evidence.join('\n') }))
    .sort((a, b) => a.id.localeCompare(b.id));

describe.skipIf(why)(
  `a filesystem unwritable with bytes to spare, judged alike by the daemon and by check${why ? ` (skipped: ${why})` : ''}`,
  () => {
    it.each(names.map((n, i) => [n, i] as const))('%s', async (name, i) => {
      const { want } = CASES[name]!;
      const daemon = verdict((await app.core.look(targetOf(i))).findings, targetOf(i));
      const pick = (v: ReturnType<typeof verdict>) =>
        v.map((x) => {
          const w = want.find((y) => y.id === x.id);
          return {
            id: x.id,
            ...(w?.restart ? { restart: x.restart } : {}),
            ...(w?.title ? { title: w.title.test(x.title) ? w.title : x.title } : {}),
            ...(w?.evidence ? { evidence: w.evidence.test(x.lines) ? w.evidence : x.lines } : {}),
          };
        });
      expect(pick(daemon)).toEqual(want);
      expect(pick(verdict(check, targetOf(i)))).toEqual(pick(daemon));
    });
  },
);
