import path from "node:path";
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { renderSyntheticImage, type SyntheticImageSpec } from "./synthetic-image";
import { sandboxDir } from "./task-store";

/**
 * Result files of the sandbox hosts. Rendering starts when a task is submitted (as a real host
 * works while you wait) and is cached on disk; a download waits for it if it is still running.
 */
const inFlight = ((globalThis as unknown as { __sandboxRenders?: Map<string, Promise<Buffer>> }).__sandboxRenders ??=
  new Map<string, Promise<Buffer>>());

function resultFile(provider: string, id: string, format: string) {
  return path.join(sandboxDir(provider), "results", `${id}.${format}`);
}

export function startRender(provider: string, id: string, spec: SyntheticImageSpec): Promise<Buffer> {
  const file = resultFile(provider, id, spec.format);
  const existing = inFlight.get(file);
  if (existing) return existing;
  const render = (async () => {
    try {
      return await readFile(file);
    } catch {
      const buffer = await renderSyntheticImage(spec);
      await mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, buffer);
      await rename(tmp, file);
      return buffer;
    }
  })();
  inFlight.set(file, render);
  // Keep the promise only while it runs; the file is the cache afterwards.
  render.finally(() => inFlight.delete(file)).catch(() => {});
  return render;
}

/** Signed, expiring delivery URLs like a blob store's: `se` is the expiry, `sig` binds it to the file. */
const SIGNING_SALT = "flux-playground-sandbox";

export function signDelivery(id: string, expiresAt: Date): { se: string; sig: string } {
  const se = expiresAt.toISOString();
  const sig = createHash("sha256").update(`${SIGNING_SALT}|${id}|${se}`).digest("base64url").slice(0, 32);
  return { se, sig };
}

export function checkDelivery(id: string, se: string | null, sig: string | null, now = Date.now()): "ok" | "expired" | "bad-signature" {
  if (!se || !sig || Number.isNaN(Date.parse(se))) return "bad-signature";
  const expected = signDelivery(id, new Date(se));
  if (expected.sig !== sig) return "bad-signature";
  return Date.parse(se) < now ? "expired" : "ok";
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}
