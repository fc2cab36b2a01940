import { createHmac } from "node:crypto";
import { env, isTeamMode } from "@/lib/env";

/**
 * The key this server sends its own sandbox hosts. Locally any caller may use the emulators (the
 * owner's tests and scripts do). In team mode the mount is reachable without sign-in (the server
 * calls it over HTTP), so a run there must carry this instance's own key, derived from
 * AUTH_SECRET: strangers cannot make it render images or fill its disk.
 */
export function sandboxApiKey(): string {
  if (!isTeamMode()) return "sandbox-key";
  return `sandbox-${createHmac("sha256", env().AUTH_SECRET!).update("flux-playground sandbox host key").digest("hex").slice(0, 32)}`;
}

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Whether the app's /api/sandbox mount takes this request (reads: polls and result files, are open). */
export function sandboxAdmits(request: Request): boolean {
  if (!isTeamMode() || !WRITES.has(request.method)) return true;
  const key = sandboxApiKey();
  // Each host carries its key in its own header and scheme (x-key, Bearer, Key, Token...).
  for (const [, value] of request.headers) if (value.includes(key)) return true;
  return false;
}
