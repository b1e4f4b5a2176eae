// Issue 55, "Done when": every message of each fault of the demo gateway playing current Hermes, in both locales
// (test/helpers/every-fault.ts), beside test/app-truth-every-fault.test.ts, which plays legacy Hermes' and the
// real-gateway sequences.
import { everyFault } from './helpers/every-fault.js';

everyFault('current');
