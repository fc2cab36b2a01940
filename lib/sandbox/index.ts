import { bflStage, handleBflSandbox } from "./bfl";
import { handleReplicateSandbox, replicateStage } from "./replicate";
import { apiframeStage, handleApiframeSandbox } from "./apiframe";
import { falStage, handleFalSandbox } from "./fal";
import { handleRunflowSandbox, runflowStage } from "./runflow";
import { handleRunwareSandbox, runwareStage } from "./runware";
import { handleLumenfallSandbox, lumenfallStage } from "./lumenfall";
import { handleTogetherSandbox, togetherStage } from "./together";
import { PROVIDER_IDS, type ProviderId } from "@/lib/providers/catalog";
import { withLedger } from "./ledger";
import { stampReceivedAt } from "./received-at";

/**
 * One emulator per host, each speaking that host's wire protocol. `path` is what follows the
 * emulator's base URL; `baseUrl` is the absolute URL standing for the host's real base URL.
 * Each is wrapped in the ledger (./ledger.ts): its submits, polls and downloads are counted.
 */
export type SandboxHandler = (request: Request, path: string[], baseUrl: string) => Promise<Response>;

/** One emulator per host of the catalog: a host without one fails to compile here. */
const EMULATORS: Record<ProviderId, SandboxHandler> = {
  bfl: withLedger("bfl", handleBflSandbox, bflStage),
  fal: withLedger("fal", handleFalSandbox, falStage),
  replicate: withLedger("replicate", handleReplicateSandbox, replicateStage),
  runware: withLedger("runware", handleRunwareSandbox, runwareStage),
  runflow: withLedger("runflow", handleRunflowSandbox, runflowStage),
  lumenfall: withLedger("lumenfall", handleLumenfallSandbox, lumenfallStage),
  apiframe: withLedger("apiframe", handleApiframeSandbox, apiframeStage),
  together: withLedger("together", handleTogetherSandbox, togetherStage),
};

// A Map: a host name from the URL ("constructor", "__proto__") finds nothing, never Object.prototype.
const SANDBOXES = new Map<string, SandboxHandler>(PROVIDER_IDS.map((id) => [id, EMULATORS[id]]));

export function sandboxFor(provider: string): SandboxHandler | null {
  const handler = SANDBOXES.get(provider);
  return handler ? stampReceivedAt(handler) : null;
}
