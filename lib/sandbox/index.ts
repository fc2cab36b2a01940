import { bflStage, handleBflSandbox } from "./bfl";
import { handleReplicateSandbox, replicateStage } from "./replicate";
import { apiframeStage, handleApiframeSandbox } from "./apiframe";
import { falStage, handleFalSandbox } from "./fal";
import { handleRunflowSandbox, runflowStage } from "./runflow";
import { handleRunwareSandbox, runwareStage } from "./runware";
import { handleLumenfallSandbox, lumenfallStage } from "./lumenfall";
import { handleTogetherSandbox, togetherStage } from "./together";
import { withLedger } from "./ledger";
import { stampReceivedAt } from "./received-at";

/**
 * One emulator per host, each speaking that host's wire protocol. `path` is what follows the
 * emulator's base URL; `baseUrl` is the absolute URL standing for the host's real base URL.
 * Each is wrapped in the ledger (./ledger.ts): its submits, polls and downloads are counted.
 */
export type SandboxHandler = (request: Request, path: string[], baseUrl: string) => Promise<Response>;

// A Map: a host name from the URL ("constructor", "__proto__") finds nothing, never Object.prototype.
const SANDBOXES = new Map<string, SandboxHandler>([
  ["bfl", withLedger("bfl", handleBflSandbox, bflStage)],
  // (one line per host, added with its emulator)
  ["replicate", withLedger("replicate", handleReplicateSandbox, replicateStage)],
  ["apiframe", withLedger("apiframe", handleApiframeSandbox, apiframeStage)],
  ["fal", withLedger("fal", handleFalSandbox, falStage)],
  ["runflow", withLedger("runflow", handleRunflowSandbox, runflowStage)],
  ["runware", withLedger("runware", handleRunwareSandbox, runwareStage)],
  ["lumenfall", withLedger("lumenfall", handleLumenfallSandbox, lumenfallStage)],
  ["together", withLedger("together", handleTogetherSandbox, togetherStage)],
]);

export function sandboxFor(provider: string): SandboxHandler | null {
  const handler = SANDBOXES.get(provider);
  return handler ? stampReceivedAt(handler) : null;
}
