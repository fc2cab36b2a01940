import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A careless host speaking BFL's protocol in front of BFL's emulator: what a real host may do to a
 * key, on demand. A submit whose prompt says `echo-auth` is refused with the received `x-key` in
 * the body and a header ("Invalid key Bearer <key>"), `echo-limit` answers 429 the same way, and
 * `echo-redirect` answers 307 to another loopback origin, which records every header it receives
 * (the proof that no key went there) and passes the request on. Everything else goes to `upstream`.
 */
export interface EchoKeyHost {
  origin: string;
  /** The other origin a redirect leads to. */
  elsewhere: { origin: string; received: http.IncomingHttpHeaders[] };
  /** Every key this host was sent, as it arrived. */
  keysSeen: string[];
  close: () => Promise<void>;
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Passes a request on to the emulator, as it came (minus the hop's own headers). */
async function forward(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse, upstream: string) {
  const headers = Object.fromEntries(
    Object.entries(req.headers).filter(([name, value]) => typeof value === "string" && !["host", "connection", "content-length"].includes(name)),
  ) as Record<string, string>;
  const answer = await fetch(`${upstream}${req.url}`, { method: req.method, headers, body: req.method === "GET" || req.method === "HEAD" ? undefined : new Uint8Array(body) });
  res.writeHead(answer.status, Object.fromEntries([...answer.headers].filter(([name]) => !["content-encoding", "content-length", "transfer-encoding"].includes(name))));
  res.end(Buffer.from(await answer.arrayBuffer()));
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function startEchoKeyHost({ upstream }: { upstream: string }): Promise<EchoKeyHost> {
  const received: http.IncomingHttpHeaders[] = [];
  const keysSeen: string[] = [];
  const other = http.createServer(async (req, res) => {
    received.push(req.headers);
    const body = await readBody(req);
    await forward(req, body, res, upstream).catch(() => res.writeHead(502).end());
  });
  const elsewhereOrigin = await listen(other);

  const host = http.createServer(async (req, res) => {
    const body = await readBody(req);
    const key = String(req.headers["x-key"] ?? "");
    if (key) keysSeen.push(key);
    let prompt = "";
    if (req.method === "POST") {
      try {
        prompt = String((JSON.parse(body.toString("utf8")) as { prompt?: unknown }).prompt ?? "");
      } catch {
        // not JSON: forwarded as it is
      }
    }
    const echo = (status: number, detail: string, extra: Record<string, string> = {}) =>
      res.writeHead(status, { "content-type": "application/json", "x-echo-key": key, ...extra }).end(JSON.stringify({ detail }));
    if (prompt.includes("echo-auth")) return echo(403, `Invalid key Bearer ${key}`);
    if (prompt.includes("echo-limit")) return echo(429, `Rate limit exceeded for key ${key} (Token ${key})`, { "retry-after": "0" });
    if (prompt.includes("echo-redirect")) return res.writeHead(307, { location: `${elsewhereOrigin}${req.url}` }).end();
    await forward(req, body, res, upstream).catch(() => res.writeHead(502).end());
  });
  const origin = await listen(host);

  const close = (server: http.Server) =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    origin,
    elsewhere: { origin: elsewhereOrigin, received },
    keysSeen,
    close: async () => {
      await close(host);
      await close(other);
    },
  };
}
