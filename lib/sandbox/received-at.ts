import type { SandboxHandler } from "./index";

/**
 * When the emulator itself got the request (ms since the epoch). In development the app compiles
 * the emulator's route on its first call, seconds a real host would not take: the run measures the
 * host from this stamp, the host's own time, not from when the request left.
 */
export const RECEIVED_AT_HEADER = "x-sandbox-received-at";

export function stampReceivedAt(handler: SandboxHandler): SandboxHandler {
  return async (request, path, baseUrl) => {
    const receivedAt = Date.now();
    const answer = await handler(request, path, baseUrl);
    try {
      answer.headers.set(RECEIVED_AT_HEADER, String(receivedAt));
      return answer;
    } catch {
      // Immutable headers (a response passed through from fetch): the same answer, copied.
      const headers = new Headers(answer.headers);
      headers.set(RECEIVED_AT_HEADER, String(receivedAt));
      return new Response(answer.body, { status: answer.status, statusText: answer.statusText, headers });
    }
  };
}
