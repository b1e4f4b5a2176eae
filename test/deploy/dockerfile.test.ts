// The Dockerfile and the compose files say what the code already says once: the daemon's V8 flags and malloc settings
// (src/deploy/systemd.ts, as every service unit runs it), the address the image's HEALTHCHECK asks (the shipped config's
// http.listen, which the config schema accepts without a token only on loopback). Built and run on a real engine in
// test/docker/image.test.ts (npm run test:docker).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DAEMON_MALLOC_ENV, DAEMON_NODE_FLAGS } from '../../src/deploy/systemd.js';
import { isLoopbackListen } from '../../src/config/schema.js';
import { TEST_DIR } from '../helpers/paths.js';

const REPO = path.resolve(TEST_DIR, '..');
const dockerfile = readFileSync(path.join(REPO, 'Dockerfile'), 'utf8');
/** The Dockerfile's instructions, continuation lines joined. */
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .filter((l) => l.trim() && !l.trim().startsWith('#'));

describe('the Dockerfile', () => {
  it('runs the daemon as its service units do: the same V8 flags, the same malloc settings', () => {
    const cmd = instructions.filter((l) => /^CMD /.test(l));
    expect(cmd).toHaveLength(1);
    const argv = JSON.parse(cmd[0]!.slice(4)) as string[];
    expect(argv).toEqual(['node', ...DAEMON_NODE_FLAGS, '/opt/gatewatch/dist/src/cli.js', 'run']);
    const env = instructions.find((l) => /^ENV /.test(l))!;
    for (const [k, v] of Object.entries(DAEMON_MALLOC_ENV)) expect(env).toMatch(new RegExp(`\\b${k}=${v}\\b`));
  });

  it('runs as a user of its own, state on a volume, health from /healthz, and its default target has no docker CLI', () => {
    const user = instructions.filter((l) => /^USER /.test(l));
    expect(user).toEqual(['USER gatewatch']);
    expect(instructions).toContain('VOLUME /state');
    expect(instructions.find((l) => /^HEALTHCHECK /.test(l))).toContain('/opt/gatewatch/healthcheck.mjs');
    const froms = instructions.filter((l) => /^FROM /.test(l));
    expect(froms.at(-1)).toBe('FROM runtime AS gatewatch');
  });

  it("asks /healthz where the shipped config listens: the container's loopback, which needs no token", () => {
    const config = parse(readFileSync(path.join(REPO, 'deploy', 'gatewatch', 'config.yaml'), 'utf8'));
    const check = readFileSync(path.join(REPO, 'deploy', 'docker', 'healthcheck.mjs'), 'utf8');
    expect(isLoopbackListen(config.http.listen)).toBe(true);
    expect(check).toContain(`'http://${config.http.listen}/healthz'`);
    expect(config.state_dir).toBe('/state');
    expect(config.targets[0].hermes_home).toBe('/opt/data');
  });
});

describe('the compose files', () => {
  const compose = parse(readFileSync(path.join(REPO, 'deploy', 'docker-compose.yml'), 'utf8'));
  const socket = parse(readFileSync(path.join(REPO, 'deploy', 'docker-compose.socket.yml'), 'utf8'));

  it('declare every named volume they mount, and mount Hermes’ home read-only into gatewatch', () => {
    const named = (vs: string[]) => vs.map((v) => v.split(':')[0]!).filter((s) => /^[A-Za-z0-9][\w.-]*$/.test(s));
    for (const s of Object.values(compose.services) as { volumes?: string[] }[])
      for (const v of named(s.volumes ?? [])) expect(Object.keys(compose.volumes)).toContain(v);
    const gw = compose.services.gatewatch as { volumes: string[] };
    expect(gw.volumes.find((v) => v.includes(':/opt/data'))).toMatch(/:\/opt\/data:ro$/);
    expect(gw.volumes.some((v) => v.includes('docker.sock'))).toBe(false);
  });

  // Issue 80: `docker compose up -d gatewatch` beside a Hermes started another way started this file's Hermes too.
  it('start gatewatch alone when asked, and take the socket from where the engine keeps it', () => {
    expect(compose.services.gatewatch.depends_on).toBeUndefined();
    expect(socket.services.gatewatch.volumes).toEqual(['${DOCKER_SOCKET:-/var/run/docker.sock}:/var/run/docker.sock']);
  });

  it("name the container the shipped config names, and build each variant's target", () => {
    const config = parse(readFileSync(path.join(REPO, 'deploy', 'gatewatch', 'config.yaml'), 'utf8'));
    expect(compose.services.hermes.container_name).toBe(config.targets[0].service.container);
    expect(compose.services.gatewatch.build.target).toBe('gatewatch');
    expect(socket.services.gatewatch.build.target).toBe('docker');
    expect(dockerfile).toMatch(/^FROM runtime AS docker$/m);
  });
});
