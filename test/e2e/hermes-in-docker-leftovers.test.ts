// What the real Hermes v0.20.2 in Docker under s6 still got wrong, on the rig in namespaces of its own (no Docker
// engine): what a look says (test/helpers/docker-leftovers.ts, `looks`); the daemons' part is
// test/e2e/hermes-in-docker-leftovers-daemon.test.ts, on a container of its own beside it.
import { dockerLeftoversStory } from '../helpers/docker-leftovers.js';

await dockerLeftoversStory('namespace', 'looks');
