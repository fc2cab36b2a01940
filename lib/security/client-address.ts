import http from "node:http";

/**
 * Who is asking, for the per-client rate limit. Next keeps a client's own `X-Forwarded-For` (it
 * only fills it in when absent), so by itself that header is whatever the client wants it to be.
 * Each request is therefore stamped, as it arrives, with the address of the connection it came on
 * (`PEER_HEADER`, overwriting anything a client sent under that name). Behind a reverse proxy every
 * connection is the proxy's: with TRUST_PROXY=true the client is the last X-Forwarded-For entry,
 * the one the proxy itself appended.
 */
export const PEER_HEADER = "x-flux-peer-address";

/** Called once per process (instrumentation): stamps every HTTP request with its connection's address. */
export function stampPeerAddresses(): void {
  const server = http.Server.prototype as http.Server & { __fluxPeerStamp?: true };
  if (server.__fluxPeerStamp) return;
  server.__fluxPeerStamp = true;
  const emit = server.emit;
  server.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as http.IncomingMessage;
      request.headers[PEER_HEADER] = request.socket?.remoteAddress ?? "";
    }
    return (emit as (event: string | symbol, ...args: unknown[]) => boolean).call(this, event, ...args);
  } as typeof emit;
}

const lastEntry = (list: string | null) => list?.split(",").at(-1)?.trim() || null;

export function clientAddress(headers: Headers, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = lastEntry(headers.get("x-forwarded-for"));
    if (forwarded) return forwarded;
  }
  // Without the stamp (a server started some other way), Next's own X-Forwarded-For is the fallback.
  return headers.get(PEER_HEADER) || lastEntry(headers.get("x-forwarded-for")) || "unknown";
}

/** The machine itself: its own calls to the sandbox hosts, the tests, the owner's scripts. */
export function isLoopback(address: string): boolean {
  const plain = address.toLowerCase().replace(/^::ffff:/, "");
  return plain === "::1" || plain.startsWith("127.") || plain === "localhost";
}
