import { handleBflSandbox } from "./bfl";
import { handleReplicateSandbox } from "./replicate";
import { handleApiframeSandbox } from "./apiframe";
import { handleFalSandbox } from "./fal";
import { handleRunflowSandbox } from "./runflow";
import { handleRunwareSandbox } from "./runware";
import { handleLumenfallSandbox } from "./lumenfall";
import { handleTogetherSandbox } from "./together";

/**
 * One emulator per host, each speaking that host's wire protocol. `path` is what follows the
 * emulator's base URL; `baseUrl` is the absolute URL standing for the host's real base URL.
 */
export type SandboxHandler = (request: Request, path: string[], baseUrl: string) => Promise<Response>;

// A Map: a host name from the URL ("constructor", "__proto__") finds nothing, never Object.prototype.
const SANDBOXES = new Map<string, SandboxHandler>([
  ["bfl", handleBflSandbox],
  // (one line per host, added with its emulator)
  ["replicate", handleReplicateSandbox],
  ["apiframe", handleApiframeSandbox],
  ["fal", handleFalSandbox],
  ["runflow", handleRunflowSandbox],
  ["runware", handleRunwareSandbox],
  ["lumenfall", handleLumenfallSandbox],
  ["together", handleTogetherSandbox],
]);

export function sandboxFor(provider: string): SandboxHandler | null {
  return SANDBOXES.get(provider) ?? null;
}
