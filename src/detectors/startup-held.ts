// A start-up that Hermes itself is holding (hermes-gateway-current.md §9.17, §9.18): an MCP server it waits for, or a
// phase (a state.db migration) holding a progress lease. Restarting does not help either, and restarts a migration.
import type { Detector } from '../evidence.js';
import { MCP_STARTUP, STARTUP_LEASE } from '../probes/agent-tail.js';
import { age, currentRun, finding, isRunner, processAlive } from './common.js';
import { STARTUP_END } from './lifecycle.js';

/** The gateway's outer wait for MCP discovery (§9.17). */
const MCP_WAIT_MS = 120_000;

const startupHeld: Detector = {
  check: 'startup_held',
  // Hermes is holding its own start-up (an MCP server, a migration's lease): "did not finish" is that, and restarting
  // it would not help or would make it worse.
  // The platforms not connected yet, the start that has not finished and the silence are that wait (§9.17).
  meaning: {
    explains: [{ check: 'startup_incomplete', key: 'finding.startup_incomplete.stuck' }],
    explainsWhileUnderWay: [
      'platform_down',
      'startup_incomplete',
      'gateway_unresponsive',
      'platform_silent',
      'inbound_silent',
      'agent_unanswered',
    ],
  },
  detect(ev, s) {
    if (!processAlive(ev) || !ev.log.runStartSeen) return [];
    const run = currentRun(ev);
    const started = run.startedAt;
    if (started === undefined || run.records.some((r) => isRunner(r) && STARTUP_END.test(r.message))) return [];
    const agent = (ev.hermes?.agentOnly ?? []).filter((r) => r.ts >= started);
    const lease = agent.filter((r) => STARTUP_LEASE.test(r.message)).at(-1);
    if (lease) {
      return [
        finding(ev, s, {
          check: 'startup_held',
          text: 'startup_held.lease',
          severity: 'warning',
          restart: 'never',
          // §9.24 "worse": a restart during a lease starts the work again (#115542's loop).
          worse: true,
          params: { phase: STARTUP_LEASE.exec(lease.message)![1]!, ago: age(ev.now - started) },
          since: started,
          evidence: [lease.line],
        }),
      ];
    }
    const mcp = agent.filter((r) => MCP_STARTUP.test(r.message));
    // Start-up waits up to 120 s for MCP discovery (§9.17): a first failed try inside that is not yet holding it.
    if (!mcp.length || ev.now - started < MCP_WAIT_MS) return [];
    const servers = [...new Set(mcp.map((r) => MCP_STARTUP.exec(r.message)![1]!))];
    return [
      finding(ev, s, {
        check: 'startup_held',
        text: 'startup_held.mcp',
        severity: 'warning',
        // A restart waits for the same server again; it does no harm either.
        restart: 'wait',
        params: { servers: servers.join(', '), ago: age(ev.now - started) },
        since: started,
        evidence: [mcp[0]!.line, ...(mcp.length > 1 ? [mcp.at(-1)!.line] : [])],
      }),
    ];
  },
};

export const startupHeldDetectors: Detector[] = [startupHeld];
