import { handleBflSandbox } from "./bfl";

/**
 * One emulator per host, each speaking that host's wire protocol. `path` is what follows the
 * emulator's base URL; `baseUrl` is the absolute URL standing for the host's real base URL.
 */
export type SandboxHandler = (request: Request, path: string[], baseUrl: string) => Promise<Response>;

const SANDBOXES: Record<string, SandboxHandler> = {
  bfl: handleBflSandbox,
  // (one line per host, added with its emulator)
};

export function sandboxFor(provider: string): SandboxHandler | null {
  return SANDBOXES[provider] ?? null;
}
