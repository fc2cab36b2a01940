import type { HttpExchange, HttpRequest } from "@/lib/providers/types";
import { formatDuration } from "./format";

const BODY_MAX_CHARS = 50_000;
export const preClass =
  "max-h-64 overflow-auto rounded-md border border-zinc-800 bg-black/40 p-2 font-mono text-[11px] leading-relaxed whitespace-pre text-zinc-200 " +
  "focus-visible:outline-2 focus-visible:outline-amber-400";

/** Pretty JSON (a JSON string is parsed first); very long bodies are cut, saying by how much. */
export function formatBody(body: unknown): string {
  if (body === undefined) return "";
  let text: string;
  if (typeof body === "string") {
    try {
      text = JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      text = body;
    }
  } else {
    text = JSON.stringify(body, null, 2) ?? String(body);
  }
  return text.length > BODY_MAX_CHARS ? `${text.slice(0, BODY_MAX_CHARS)}\n… ${text.length - BODY_MAX_CHARS} more characters` : text;
}

const formatMs = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : formatDuration(ms));

function statusClass(status: number | null): string {
  if (status === null || status >= 500) return "bg-red-950 text-red-300";
  if (status >= 400) return "bg-amber-950 text-amber-300";
  if (status >= 300) return "bg-sky-950 text-sky-300";
  return "bg-emerald-950 text-emerald-300";
}

function Headers({ headers }: { headers: Record<string, string> }) {
  const entries = Object.entries(headers);
  if (entries.length === 0) return null;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-2 font-mono text-[11px]">
      {entries.map(([name, value]) => (
        <div key={name} className="contents">
          <dt className="text-zinc-500">{name}:</dt>
          <dd className={`break-all ${value.includes("<redacted>") ? "text-amber-300/90" : "text-zinc-300"}`}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A request as the host received it: method, URL, headers (key redacted) and the body, pretty. */
export function RequestView({ request, testId }: { request: HttpRequest; testId?: string }) {
  return (
    <div data-testid={testId} className="space-y-1.5">
      <p className="font-mono text-[11px] break-all text-zinc-200">
        <span className="mr-1.5 font-semibold text-amber-300">{request.method}</span>
        {request.url}
      </p>
      <Headers headers={request.headers} />
      {request.body !== undefined ? (
        <pre tabIndex={0} className={preClass}>
          {formatBody(request.body)}
        </pre>
      ) : null}
    </div>
  );
}

/** One call to the host: status, timing, URL, and its answer (collapsed) or the error. */
export function ExchangeView({ exchange }: { exchange: HttpExchange }) {
  const { response } = exchange;
  const failed = "error" in response;
  const status = failed ? null : response.status;
  const time = new Date(exchange.at);

  return (
    <li data-testid="inspector-exchange" data-status={status ?? "error"} className="space-y-1 rounded-md border border-zinc-800 p-2">
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5 text-[11px]">
        <span className={`rounded px-1 font-mono font-semibold ${statusClass(status)}`}>{status ?? "error"}</span>
        <span className="font-mono text-zinc-300">{exchange.request.method}</span>
        <span className="tabular-nums text-zinc-400">{formatMs(exchange.durationMs)}</span>
        <time dateTime={exchange.at} className="ml-auto tabular-nums text-zinc-500">
          {Number.isNaN(time.getTime()) ? exchange.at : time.toLocaleTimeString()}
        </time>
      </div>
      <p className="font-mono text-[11px] break-all text-zinc-400">{exchange.request.url}</p>
      {failed ? (
        <p className="text-xs text-red-300">{response.error}</p>
      ) : (
        <details className="text-xs">
          <summary className="text-zinc-400 hover:text-zinc-200 focus-visible:outline-2 focus-visible:outline-amber-400">
            Response
          </summary>
          <div className="mt-1.5 space-y-1.5">
            <Headers headers={response.headers} />
            <pre tabIndex={0} className={preClass}>
              {formatBody(response.body) || "(empty body)"}
            </pre>
          </div>
        </details>
      )}
    </li>
  );
}
