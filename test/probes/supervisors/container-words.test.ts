// What a finding tells the operator to run for a gateway in Hermes' Docker image is what gatewatch itself runs there
// (the adapter's plan): the container's start when it is not running (the operator's `docker stop`, a death), its
// restart where its boot must hand the volume back or the gateway is its program, `hermes gateway start` inside it for
// a slot that is down (`gateway restart` does nothing there), `gateway restart` for one that runs.
import { describe, expect, it } from 'vitest';
import type { ContainerFacts, ServiceEvidence } from '../../../src/evidence.js';
import { composeOf, type Runtime } from '../../../src/probes/container.js';
import { parseSvstat, slotState } from '../../../src/probes/container-slot.js';
import { wordParam } from '../../../src/i18n.js';
import { hostOf } from '../../../src/probes/host.js';
import { adapterOf } from '../../../src/probes/supervisors/index.js';
import type { Claim, Verb } from '../../../src/probes/supervisors/types.js';
import { makeTarget } from '../../helpers/probe-procs.js';

const ID = 'c0ffee'.padEnd(64, '0');
const container = (running: boolean): ContainerFacts => ({
  id: ID,
  name: 'hermes',
  status: running ? 'running' : 'exited',
  running,
});

function slot(line: string, extra: Partial<NonNullable<ServiceEvidence['slot']>> = {}): ServiceEvidence['slot'] {
  const s = parseSvstat(line)!;
  return { name: 'gateway-default', profile: '', status: { ...s, state: slotState(s) }, ...extra };
}

const docker = adapterOf('docker');
const claim: Claim = { manager: 'docker', from: 'traces' };
const target = makeTarget('/srv/hermes');

/** What gatewatch runs for the verb, as the operator types it (the container by its name). */
async function runs(svc: ServiceEvidence, verb: Verb): Promise<string> {
  const plan = await docker.plan(verb, target, svc, claim, hostOf({ platform: 'linux' }));
  if ('error' in plan) throw new Error(plan.error);
  return `\`${plan.run[0]!.argv.map((a) => (a === ID ? 'hermes' : a)).join(' ')}\``;
}

const words = (service: ServiceEvidence) => docker.words({ target: 'hermes', hermes: 'hermes', service });

const CASES: [string, ServiceEvidence, { restart: string; start: string; how: string }][] = [
  [
    'a gateway that runs',
    { manager: 'docker', container: container(true), slot: slot('up (pid 42) 3600 seconds') },
    {
      restart: '`docker exec hermes hermes gateway restart`',
      start: '`docker exec hermes hermes gateway start`',
      how: 'finding.service.restart.container',
    },
  ],
  [
    'a slot s6 parked',
    {
      manager: 'docker',
      container: container(true),
      slot: slot('down (exitcode 0) 30 seconds, normally up, ready 30 seconds'),
    },
    {
      restart: '`docker exec hermes hermes gateway start`',
      start: '`docker exec hermes hermes gateway start`',
      how: 'finding.service.restart.container',
    },
  ],
  [
    'a container that is not running (stopped through Docker, or dead)',
    { manager: 'docker', container: container(false), slot: { name: 'gateway-default', profile: '' } },
    {
      restart: '`docker start hermes`',
      start: '`docker start hermes`',
      how: 'finding.service.restart.container_itself',
    },
  ],
  [
    'a permissions loop (the boot hands the volume back)',
    {
      manager: 'docker',
      container: container(true),
      slot: {
        name: 'gateway-default',
        profile: '',
        status: {
          ...parseSvstat('down (exitcode 1) 0 seconds, normally up, want up, ready 0 seconds')!,
          state: 'crash loop',
        },
        denied: "PermissionError: [Errno 13] Permission denied: '/opt/data/logs/agent.log'",
      },
    },
    {
      restart: '`docker restart hermes`',
      start: '`docker restart hermes`',
      how: 'finding.service.restart.container_itself',
    },
  ],
  [
    'the gateway as the container’s program (no s6)',
    { manager: 'docker', container: container(true), supervised: false },
    {
      restart: '`docker restart hermes`',
      start: '`docker restart hermes`',
      how: 'finding.service.restart.container_program',
    },
  ],
];

describe("the container's lever, in a finding's words and in what gatewatch runs", () => {
  it.each(CASES)('%s', async (_name, svc, want) => {
    const w = words(svc);
    expect({ restart: w.restart, start: w.start, how: (w.restart_how as { key: string }).key }).toEqual(want);
    expect(w.restart).toBe(await runs(svc, 'restart'));
    expect(w.start).toBe(await runs(svc, 'start'));
  });

  it('a container not running is checked with inspect, not with an exec it cannot take', () => {
    const w = words({ manager: 'docker', container: container(false) });
    expect(w.supervisor).toEqual({
      key: 'finding.service.status.container_down',
      params: { cmd: 'docker inspect hermes' },
    });
  });
});

describe('a container Compose made, stopped: its start, or its project’s up in its folder', () => {
  // As each tool labels its containers: Docker Compose; podman-compose (its own labels beside Docker Compose's); Docker
  // Compose's labels alone on a Podman container (`podman compose`, or docker-compose through Podman's socket).
  const project = { 'com.docker.compose.project': 'hermes', 'com.docker.compose.project.working_dir': '/srv/hermes' };
  const STYLES: [Runtime, Record<string, string>, string][] = [
    ['docker', project, '`docker start hermes` (or `docker compose up -d` in `/srv/hermes`)'],
    [
      'podman',
      { ...project, 'io.podman.compose.project': 'hermes' },
      '`podman start hermes` (or `podman-compose up -d` in `/srv/hermes`)',
    ],
    ['podman', project, '`podman start hermes` (or `podman compose up -d` in `/srv/hermes`)'],
    [
      'docker',
      { 'com.docker.compose.project': 'hermes' },
      '`docker start hermes` (or `docker compose up -d` in its Compose folder)',
    ],
    ['docker', {}, '`docker start hermes`'],
  ];
  it.each(STYLES)('%s, labelled %o', (runtime, labels, said) => {
    const service: ServiceEvidence = {
      manager: runtime,
      supervised: false,
      container: { ...container(false), ...composeOf(runtime, labels) },
    };
    const start = adapterOf(runtime).words({ target: 'hermes', hermes: 'hermes', service }).start;
    expect(wordParam('en', start)).toBe(said);
  });
});
