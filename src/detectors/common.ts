// The detectors' shared helpers, one import away: building findings (finding.ts), the current run (run.ts), facts and
// groups kept per record (record-index.ts), and which platform a line is about (platform-lines.ts).
export * from './finding.js';
export * from './run.js';
export * from './record-index.js';
export * from './platform-lines.js';
