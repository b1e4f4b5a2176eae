// A platform the state file reports as not connected for longer than the grace, while the gateway runs.
// More specific platform causes (QQ loop exhausted, 4009 stuck, banned, …) win over this one in runDetectors.
import type { Detector, Evidence, LogRecord } from '../evidence.js';
import type { Finding } from '../types.js';
import { age, currentRun, finding, isConnectLine, isDrop as _unused, parseTime, platformOf, processAlive, stateIsCurrent } from './common.js';

void _unused;
