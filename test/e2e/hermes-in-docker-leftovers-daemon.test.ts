// What the real Hermes v0.20.2 in Docker under s6 still got wrong, on the rig in namespaces of its own (no Docker
// engine): what built daemons do (test/helpers/docker-leftovers.ts, `daemon`), beside
// test/e2e/hermes-in-docker-leftovers.test.ts.
import { dockerLeftoversStory } from '../helpers/docker-leftovers.js';

await dockerLeftoversStory('namespace', 'daemon');
