import { handleBflSandbox } from "./bfl";

type SandboxHandler = (request: Request, path: string[], baseUrl: string) => Promise<Response>;

/** One emulator per host, each speaking that host's wire protocol. */
const SANDBOXES: Record<string, SandboxHandler> = { bfl: handleBflSandbox };

export function sandboxFor(provider: string): SandboxHandler | null {
  return SANDBOXES[provider] ?? null;
}
