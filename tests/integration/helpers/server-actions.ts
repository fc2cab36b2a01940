import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * Server actions over HTTP, as the page's client calls them: a POST to a page that uses the
 * action, with its id in `Next-Action` and the arguments as a JSON array (the build's manifest
 * names each action's id and the pages that use it).
 */
const ROOT = path.resolve(import.meta.dirname, "../../..");

export interface ServerActionRef {
  id: string;
  name: string;
  file: string;
  /** A page path that serves the action (POST target). */
  page: string;
}

export function serverActions(): ServerActionRef[] {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, ".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName: string; filename: string; workers: Record<string, unknown> }>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => {
    const worker = Object.keys(entry.workers).find((w) => !w.includes("[")) ?? Object.keys(entry.workers)[0];
    const page = worker.replace(/^app/, "").replace(/\/page$/, "").replace(/\/\([^)]*\)/g, "").replace(/\[[^\]]+\]/g, "x") || "/";
    return { id, name: entry.exportedName, file: entry.filename, page };
  });
}

export function callServerAction(origin: string, action: ServerActionRef, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${origin}${action.page}`, {
    method: "POST",
    headers: { "next-action": action.id, "content-type": "text/plain;charset=UTF-8", origin, ...headers },
    body,
  });
}
