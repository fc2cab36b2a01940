import { faultSpecFrom, parseFaultSpec, takeFaultSpec } from "./faults";
import { json } from "./results";

/**
 * What a sandbox host was asked, counted per host and fault-spec key (the `#key` a test gives its
 * run), so a test can prove that nothing was submitted, downloaded or billed twice. Also plays the
 * faults every host has alike because they happen on the wire, not in the protocol:
 * `hold_<stage>=ms` (answer late: to stop the app at a stage), `reset_<stage>` (the host did
 * the work, then the connection drops before its answer arrives) and `garble_<stage>` (the answer
 * arrives cut short, as from a proxy that dropped the rest).
 * In memory, per process: the emulators' own process is the host, and it outlives the app's
 * restarts when it runs apart (tests/support/sandbox-host.ts).
 */
export type SandboxStage = "submit" | "poll" | "download";

/** Which stage a request is, from the host's own routes (null: not counted, e.g. a cancel). */
export type StageOf = (method: string, path: string[], body: string) => SandboxStage | null;

export interface LedgerCounts {
  /** Submit requests received. */
  submits: number;
  /** Of those, the ones the host took (answered 2xx): work it runs and may bill. */
  accepted: number;
  polls: number;
  /** Result file requests (what a download costs the host, and us). */
  downloads: number;
  /** When each submit arrived (ms since the epoch): the retries' backoff, as the host saw it. */
  submitTimes: number[];
}

const ledger = ((globalThis as unknown as { __sandboxLedger?: Map<string, LedgerCounts> }).__sandboxLedger ??= new Map());

const LEDGER_MAX_KEYS = 10_000;
/** Submit times kept per key: enough to read a run's backoff. */
const SUBMIT_TIMES_MAX = 100;

function countsOf(provider: string, key: string): LedgerCounts {
  const id = `${provider}|${key}`;
  let counts = ledger.get(id);
  if (!counts) {
    ledger.set(id, (counts = { submits: 0, accepted: 0, polls: 0, downloads: 0, submitTimes: [] }));
    // Every distinct fault key makes an entry: the oldest are forgotten so memory stays bounded.
    if (ledger.size > LEDGER_MAX_KEYS) ledger.delete(ledger.keys().next().value!);
  }
  return counts;
}

/** The path under a host's sandbox base URL that answers its ledger: `GET .../_ledger?key=<spec>`. */
export const LEDGER_PATH = "_ledger";

const DEFAULT_HOLD_MS = 3000;

function hold(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

/** An answer whose body fails after the status line: the client sees the connection drop. */
function connectionReset(): Response {
  const body = new ReadableStream({ start: (controller) => controller.error(new Error("sandbox: connection reset (injected)")) });
  return new Response(body, { status: 200, headers: { "content-type": "application/json" } });
}

/** Submits the host answered for a task it already had (an idempotent resubmit): not new work. */
const replays = new WeakSet<Request>();
export function markReplayed(request: Request): void {
  replays.add(request);
}

async function cutShort(response: Response): Promise<Response> {
  const text = await response.text();
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return new Response(text.slice(0, Math.floor(text.length / 2)), { status: response.status, headers });
}

type Handler = (request: Request, path: string[], baseUrl: string) => Promise<Response>;

/** Wraps a host's emulator: counts each stage, plays holds and resets, answers its ledger. */
export function withLedger(provider: string, handler: Handler, stageOf: StageOf): Handler {
  return async (request, path, baseUrl) => {
    const method = request.method.toUpperCase();
    if (path.length === 1 && path[0] === LEDGER_PATH && method === "GET") {
      const key = new URL(request.url).searchParams.get("key") ?? "";
      return json({ provider, key, ...countsOf(provider, key) });
    }
    const body = method === "POST" ? await request.clone().text() : "";
    const stage = stageOf(method, path, body);
    if (!stage) return handler(request, path, baseUrl);
    const spec = parseFaultSpec(faultSpecFrom(request));
    const counts = countsOf(provider, spec.key);
    if (stage === "submit") {
      counts.submits += 1;
      counts.submitTimes.push(Date.now());
      if (counts.submitTimes.length > SUBMIT_TIMES_MAX) counts.submitTimes.shift();
    }
    else if (stage === "poll") counts.polls += 1;
    else counts.downloads += 1;
    const response = await handler(request, path, baseUrl);
    if (stage === "submit" && response.ok && !replays.has(request)) counts.accepted += 1;
    const held = takeFaultSpec(spec, [`hold_${stage}`]);
    if (held) await hold(held.value ?? DEFAULT_HOLD_MS, request.signal);
    if (takeFaultSpec(spec, [`reset_${stage}`])) return connectionReset();
    if (takeFaultSpec(spec, [`garble_${stage}`])) return cutShort(response);
    return response;
  };
}
