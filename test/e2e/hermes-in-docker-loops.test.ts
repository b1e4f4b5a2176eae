// Hermes in its Docker image, watched from the host, on the rig in namespaces of its own (no Docker engine): the second
// part of the story of test/helpers/docker-story.ts (a crash loop and a permissions loop told apart, a profile with no
// slot, a stray gateway on the host, a newcomer's init), on a container of its own, beside
// test/e2e/hermes-in-docker.test.ts. Its container runs at UTC+8 (TZ, as an operator in Shanghai sets it), the host in
// its own zone: the s6 tally's deaths are read against log lines stamped eight hours apart from the host's clock.
import { dockerStory } from '../helpers/docker-story.js';

await dockerStory('namespace', 'loops', 'Etc/GMT-8');
