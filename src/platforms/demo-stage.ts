// What a Hermes platform's demo fault is, and what it plays with (src/platforms/<name>/demo.ts).
import type { LogLevel } from '../evidence.js';

/** What a platform's fault plays with; the demo gateway (src/demo/gateway.ts) provides it. */
export interface DemoStage {
  /** A gateway.log line (a gateway component's logger). */
  log(level: LogLevel, logger: string, message: string): void;
  /** An agent.log line (a logger that never reaches gateway.log). */
  agent(level: LogLevel, logger: string, message: string): void;
  /** The platform connects (its state entry and the runner's line), when this run does not serve it yet. */
  connect(): void;
  pause(ms: number): Promise<void>;
}

export interface PlatformDemoFault<N extends string = string> {
  name: N;
  /** The platform it needs connected (`connect()` connects it); none for a fault of the gateway or the agent. */
  platform?: string;
  play(stage: DemoStage): Promise<void>;
}
