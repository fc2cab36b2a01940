import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { sandboxFor } from "@/lib/sandbox";
import { FAULT_HEADER } from "@/lib/sandbox/faults";

/**
 * The sandbox hosts on a real HTTP server on loopback, mounted as in the app
 * (/api/sandbox/<host>/...), so adapters are tested over the wire exactly as they run.
 * With `tls`, the same server over HTTPS (an https: origin, for clients that treat those apart).
 */
export interface SandboxServer {
  origin: string;
  baseUrl: (provider: string) => string;
  close: () => Promise<void>;
}

export interface SandboxServerOptions {
  /** Serve over HTTPS with this key and certificate (PEM). */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Sees every request as the host would (e.g. to check which key arrived). */
  onRequest?: (request: Request) => void;
  /** A fixed port (default: any free one). */
  port?: number;
  /** A fault for this request when it names none (live hosts take no sandbox options from a run). */
  faultFor?: (provider: string) => string | null;
}

export async function startSandboxServer({ tls, onRequest, port: fixedPort = 0, faultFor }: SandboxServerOptions = {}): Promise<SandboxServer> {
  const scheme = tls ? "https" : "http";
  const handle: http.RequestListener = async (req, res) => {
    const abort = new AbortController();
    res.on("close", () => abort.abort());
    try {
      const url = new URL(req.url ?? "/", `${scheme}://${req.headers.host}`);
      const match = /^\/api\/sandbox\/([^/]+)\/?(.*)$/.exec(url.pathname);
      const handler = match ? sandboxFor(match[1]) : null;
      if (!match || !handler) {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ detail: "Not Found" }));
        return;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === "string") headers.set(name, value);
        else if (Array.isArray(value)) headers.set(name, value.join(", "));
      }
      const fault = faultFor?.(match[1]);
      if (fault && !headers.has(FAULT_HEADER)) headers.set(FAULT_HEADER, fault);
      const request = new Request(url, { method: req.method, headers, body: req.method === "GET" || req.method === "HEAD" ? undefined : body, signal: abort.signal });
      onRequest?.(request);
      const response = await handler(request, match[2].split("/").filter(Boolean).map(decodeURIComponent), `${url.origin}/api/sandbox/${match[1]}`);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      // A body that fails after the status line (an injected reset) drops the connection, as in Next.
      if (res.headersSent) return void res.destroy();
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(error));
    }
  };
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, handle) : http.createServer(handle);
  await new Promise<void>((resolve) => server.listen(fixedPort, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `${scheme}://127.0.0.1:${port}`;
  return {
    origin,
    baseUrl: (provider) => `${origin}/api/sandbox/${provider}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
