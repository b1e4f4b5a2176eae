// Issue 80 item 5: the Hermes home in an alert is the path a person pastes on this host, not a bare `~` (a wrong path
// wherever HERMES_HOME is not the user's home) and not the container's `/opt/data`.
import { describe, expect, it } from 'vitest';
import { atHome, homesIn, tilde } from '../../src/detectors/person-words.js';

const ev = (home: string, inside?: string) =>
  ({ home, process: inside ? { pidFile: { hermes_home: inside } } : {}, state: undefined }) as never;

describe('the home as a person pastes it', () => {
  it.each([
    ['/home/ops/.hermes', '/home/ops', '~/.hermes'],
    ['/home/ops', '/home/ops', '~'],
    ['/var/lib/hermes/.hermes', '/home/ops', '/var/lib/hermes/.hermes'],
    ['/home/opsx/.hermes', '/home/ops', '/home/opsx/.hermes'],
    ['/home/ops/.hermes', '/', '/home/ops/.hermes'],
  ])('%s under HOME %s is %s', (p, home, said) => {
    expect(tilde(p, home)).toBe(said);
  });

  it.each([
    // The configured home, its user's `~` kept as the host's (HOME is this run's: tilde says it either way).
    ['/srv/hermes', undefined, "open '/srv/hermes/logs/gateway.log'", "open '/srv/hermes/logs/gateway.log'"],
    // The container's mount said as the host's path.
    [
      '/srv/hermes',
      '/opt/data',
      'Check log: /opt/data/platforms/whatsapp/bridge.log',
      'Check log: /srv/hermes/platforms/whatsapp/bridge.log',
    ],
    // A profile: its root's path, the profile's folder kept.
    [
      '/srv/hermes/profiles/ops',
      '/opt/data/profiles/ops',
      'control socket /opt/data/profiles/ops/gateway.sock',
      'control socket /srv/hermes/profiles/ops/gateway.sock',
    ],
    // A longer name that begins the same is not the home.
    ['/srv/hermes', '/opt/data', 'mounted at /opt/data2/x', 'mounted at /opt/data2/x'],
  ])('home %s seen as %s: %s', (home, inside, text, said) => {
    expect(atHome(text, homesIn(ev(home, inside)))).toBe(said);
  });

  it('says a home in the user’s own home with `~`, the rest of the path kept', () => {
    const mine = `${process.env.HOME ?? '/root'}/.hermes`;
    expect(atHome(`open '${mine}/logs/gateway.log'`, homesIn(ev(mine)))).toBe(`open '${tilde(mine)}/logs/gateway.log'`);
    expect(tilde(mine)).toMatch(/^~\/\.hermes$|^\//);
  });
});
