import { pruneLedger } from "@/lib/db/limits";
import { analyzeStaleTables } from "@/lib/db/statistics";
import { purgeDeleted } from "@/lib/history/mutations";
import { resumeUnfinishedGenerations } from "@/lib/jobs/service";
import { env } from "@/lib/env";
import { pruneSandboxFiles } from "@/lib/sandbox/task-store";

const SWEEP_INTERVAL_MS = 5_000;
const STATISTICS_EVERY_SWEEPS = 12;
// Budgets read today's ledger (UTC) and rate limits its last minute: older rows serve nothing.
const LEDGER_KEEP_MS = 2 * 86_400_000;
// A sandbox task outlives any run that could still poll it or fetch its result (runs end by their deadline).
const sandboxTaskTtlMs = () => Math.max(60 * 60_000, 2 * env().JOB_DEADLINE_MS);

/** A periodic task that skips its turn while its previous run is still going (a slow database). */
function periodic(label: string, task: () => Promise<unknown>): () => void {
  let running = false;
  return () => {
    if (running) return;
    running = true;
    task()
      .catch((error) => console.error(`${label} failed:`, (error as Error).message))
      .finally(() => {
        running = false;
      });
  };
}

/**
 * The server's background work, started once per process (instrumentation calls it at start-up):
 * resume runs a stopped process left unfinished, purge deleted history past its undo window (with
 * its unused files), drop budget ledger rows no window reads any more, delete the sandbox hosts'
 * old task and result files and, on PGlite, which has no autovacuum, keep the planner's statistics.
 */
export function startSweep(): void {
  const holder = globalThis as unknown as { __fluxSweep?: NodeJS.Timeout };
  if (holder.__fluxSweep) return;
  const resume = periodic("Resume sweep", resumeUnfinishedGenerations);
  const purge = periodic("History purge", () => purgeDeleted());
  // At start, then once a minute: the check is ~10 ms, and PGlite answers nothing else meanwhile.
  const analyze = periodic("Analyze", analyzeStaleTables);
  const prune = periodic("Ledger prune", () => pruneLedger(new Date(Date.now() - LEDGER_KEEP_MS)));
  const pruneSandbox = periodic("Sandbox prune", () => pruneSandboxFiles(sandboxTaskTtlMs()));
  let sweeps = 0;
  const sweep = () => {
    resume();
    purge();
    if (sweeps % STATISTICS_EVERY_SWEEPS === 0) prune();
    if (sweeps % STATISTICS_EVERY_SWEEPS === 0) pruneSandbox();
    if (sweeps++ % STATISTICS_EVERY_SWEEPS === 0) analyze();
  };
  // The first sweep waits a moment: resumed runs reach sandbox hosts through this server's port.
  setTimeout(sweep, 500).unref();
  holder.__fluxSweep = setInterval(sweep, SWEEP_INTERVAL_MS);
  holder.__fluxSweep.unref();
}
