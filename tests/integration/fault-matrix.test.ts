import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { GenerationDto } from "@/lib/jobs/types";
import type { Inspector } from "@/lib/jobs/inspector";
import { chargedImages } from "@/lib/jobs/state";
import { getAdapter } from "@/lib/providers/registry";
import { PROVIDER_IDS, type ProviderId } from "@/lib/providers/types";
import type { LedgerCounts } from "@/lib/sandbox/ledger";
import { startAppServer, waitFor, type AppServer } from "./helpers/app-server";
import { createTestData, type TestData } from "./helpers/test-database";
import { FAULTS, HOST_FAULTS, type Cell, type Fault } from "./helpers/host-faults";

/**
 * The fault matrix: every host x every fault its sandbox can inject, end to end through the
 * production build (runs created over the API, hosts in sandbox mode, the fault given per run).
 * Each run must end in the right terminal state with its code and the host's own words; transient
 * faults are retried (with backoff: the gap between submits is at least the Retry-After or the
 * backoff's floor), permanent ones are not; the host's ledger proves nothing was submitted,
 * taken or downloaded twice. The outcome table is docs/fault-matrix.md: this test fails when the
 * committed file differs from the run; `WRITE_FAULT_MATRIX=1` writes it instead.
 */
const DOC = path.resolve(import.meta.dirname, "../../docs/fault-matrix.md");
// Room for a retried submit and its polls on a machine busy with other suites: a hang still ends here.
const DEADLINE_MS = 45_000;
/** Above Replicate's `Prefer: wait=5` (a create call may rightly take 5 s). */
const REQUEST_TIMEOUT_MS = 20_000;
/** Runs at once besides the hangs (which only wait): the matrix must not measure an overload. */
const CONCURRENCY = 6;
const LATENCY_MS = 300;

interface Outcome {
  host: ProviderId;
  fault: Fault;
  cell: Exclude<Cell, { na: string }>;
  dto: GenerationDto;
  inspector: Inspector;
  ledger: LedgerCounts;
  billedImages: number;
}

describe("fault matrix (production build, every host in sandbox mode)", () => {
  let data: TestData;
  let server: AppServer;
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    data = await createTestData("pglite");
    server = await startAppServer({
      DATA_DIR: data.dataDir,
      JOB_DEADLINE_MS: String(DEADLINE_MS),
      HOST_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      JOB_POLL_INTERVAL_MS: "100",
    });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await data?.dispose();
  });

  const api = (p: string, init?: RequestInit) => fetch(`${server.origin}${p}`, init);

  async function run(host: ProviderId, fault: Fault, cell: Exclude<Cell, { na: string }>): Promise<Outcome> {
    // The #key is the run's own: the host's fault counters and ledger are kept under it.
    const spec = `${cell.spec}#${host}-${fault.id}-${randomUUID()}`;
    const res = await api("/api/v1/generations", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "flux-pro-1.1",
        provider: host,
        params: { prompt: `fault matrix: ${fault.label}`, width: 256, height: 256, seed: 7 },
        sandbox: { fault: spec, latencyMs: cell.latencyMs ?? LATENCY_MS },
      }),
    });
    expect(res.status, await res.clone().text()).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const dto = await waitFor(async () => {
      const d = (await (await api(`/api/v1/generations/${id}`)).json()) as GenerationDto;
      return ["succeeded", "failed", "canceled"].includes(d.status) && d;
    }, DEADLINE_MS + 20_000, `${host} x ${fault.id} to end`);
    const inspector = (await (await api(`/api/v1/generations/${id}/inspector`)).json()) as Inspector;
    const ledger = await (await api(`/api/sandbox/${host}/_ledger?key=${encodeURIComponent(spec)}`)).json();
    const billedImages = inspector.tasks.reduce(
      (sum, t) =>
        sum + chargedImages({ status: t.status as never, handle: t.hostTaskId ? { taskId: t.hostTaskId } : null, error: dto.error, imageCount: t.imageCount, readyAt: dto.timings.hostReadyAt }),
      0,
    );
    return { host, fault, cell, dto, inspector, ledger, billedImages };
  }

  it("runs every host x fault to its terminal state", async () => {
    // A first run per host warms the server (route modules, image encoder): a cold start is not a fault.
    await Promise.all(PROVIDER_IDS.map((host) => run(host, { id: "warm-up", label: "warm-up", kind: "poll" }, { spec: "" })));
    const cells = PROVIDER_IDS.flatMap((host) =>
      FAULTS.flatMap((fault) => {
        const cell = HOST_FAULTS[host][fault.id];
        return cell && !("na" in cell) ? [{ host, fault, cell }] : [];
      }),
    );
    // A small pool, then the hangs side by side (they only wait out the deadline).
    const queue = cells.filter((c) => c.fault.kind !== "timeout");
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) outcomes.push(await run(next.host, next.fault, next.cell));
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    outcomes.push(...(await Promise.all(cells.filter((c) => c.fault.kind === "timeout").map((c) => run(c.host, c.fault, c.cell)))));
    expect(outcomes.length).toBe(cells.length);
  }, 400_000);

  it.each(PROVIDER_IDS)("%s: each fault ends as it should, nothing twice", (host) => {
    const resubmitSafe = getAdapter(host).resubmitSafe ?? false;
    for (const o of outcomes.filter((x) => x.host === host)) {
      const what = `${host} x ${o.fault.id}: ${JSON.stringify({ status: o.dto.status, error: o.dto.error, ledger: o.ledger })}`;
      const retriedSubmit = o.fault.kind === "transient" || (o.fault.kind === "ambiguous" && resubmitSafe);
      const succeeds = retriedSubmit || o.fault.kind === "poll";
      // Never more than one task at the host per image, whatever was resent.
      expect(o.ledger.accepted, what).toBeLessThanOrEqual(1);
      if (succeeds) {
        expect(o.dto.status, what).toBe("succeeded");
        expect(o.dto.images, what).toHaveLength(1);
        expect(o.ledger.accepted, what).toBe(1);
        expect(o.ledger.downloads, what).toBe(1);
        expect(o.billedImages, what).toBe(1);
        expect(o.ledger.submits, what).toBe(retriedSubmit ? 2 : 1);
        if (retriedSubmit) {
          // Backoff with jitter: at least half the first step (250 ms), or the host's Retry-After.
          const gap = o.ledger.submitTimes[1] - o.ledger.submitTimes[0];
          expect(gap, what).toBeGreaterThanOrEqual(o.fault.id === "rate_limit" ? 900 : 240);
        }
        continue;
      }
      expect(o.dto.status, what).toBe("failed");
      expect(o.dto.error?.code, what).toBe(o.cell.code ?? o.fault.code);
      // Not retried: one submit, and nothing downloaded but the one expired try.
      expect(o.ledger.submits, what).toBe(1);
      expect(o.ledger.downloads, what).toBe(o.fault.id === "expired_result" ? 1 : 0);
      expect(o.dto.images, what).toHaveLength(0);
      if (o.fault.kind === "ambiguous") expect(o.dto.error?.message, what).toMatch(/not sent again/);
      // The host made the image (and bills it) though its URL had expired; nothing else is billed.
      if (o.fault.id === "expired_result") expect(o.dto.error?.message, what).toMatch(/expired|gone/);
      expect(o.billedImages, what).toBe(o.fault.id === "expired_result" || o.fault.kind === "timeout" ? o.ledger.accepted : 0);
      // The host's own words reach the user (timeouts and drops have none to give).
      if (!["timeout", "network"].includes(o.dto.error!.code)) {
        const said = hostWords(o);
        expect(said.length, what).toBeGreaterThan(0);
        expect(said.some((w) => o.dto.error!.message.includes(w)), `${what}\nhost said: ${JSON.stringify(said)}`).toBe(true);
      }
    }
  });

  it("docs/fault-matrix.md is the matrix this run produced", async () => {
    const table = renderMatrix(outcomes);
    if (process.env.WRITE_FAULT_MATRIX === "1") await writeFile(DOC, table);
    const committed = await readFile(DOC, "utf8").catch(() => "");
    expect(committed, "docs/fault-matrix.md is stale: run this test with WRITE_FAULT_MATRIX=1 and commit it").toBe(table);
  });
});

/** Phrases of the host's failing answer: its last exchange's text, or the expired file's answer. */
function hostWords(o: Outcome): string[] {
  const exchanges = o.inspector.tasks.flatMap((t) => t.exchanges);
  const last = exchanges[exchanges.length - 1];
  const words: string[] = [];
  const collect = (value: unknown) => {
    if (typeof value === "string") {
      if (value.length >= 8 && !/^https?:/.test(value)) words.push(value.slice(0, 60));
    } else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === "object") Object.values(value).forEach(collect);
  };
  if (o.fault.id === "expired_result") {
    // The download is not an exchange of the API: the host's file answer is in the message itself.
    return [/(?:gone|HTTP \d+) \((.{8,})\)$/.exec(o.dto.error?.message ?? "")?.[1] ?? ""].filter(Boolean);
  }
  if (last && "status" in last.response) collect(last.response.body);
  return words;
}

function renderMatrix(outcomes: Outcome[]): string {
  const byCell = new Map(outcomes.map((o) => [`${o.host}|${o.fault.id}`, o]));
  const lines = [
    "# Fault matrix",
    "",
    "Generated by `tests/integration/fault-matrix.test.ts` (`WRITE_FAULT_MATRIX=1 npx vitest run tests/integration/fault-matrix.test.ts`",
    "after `npm run build`); the test fails when this file differs from what a run produces.",
    "Every host runs in sandbox mode on the production build; each fault is injected into one run of",
    "FLUX 1.1 [pro] (one image) through `POST /api/v1/generations` with `sandbox.fault`.",
    "",
    "Each cell: **outcome** (status, error code) · **submits** the host received · **taken**: tasks the host",
    "took (answered 2xx, not counting a resubmit it recognised) · **downloads** of the result · **billed**:",
    "images the run is billed for (a live key pays them; the sandbox charges $0). `n/a` says why a",
    "fault cannot happen at that host.",
    "",
    "Transient faults (429, 500, 503, a dropped poll) are retried with backoff and jitter, honouring",
    "Retry-After. A submit whose answer was lost (connection reset, unreadable body) is sent again only",
    "to hosts that recognise a resubmit (Apiframe's Idempotency-Key, Runware's taskUUID); elsewhere it",
    "fails with a message saying the host may have taken it, rather than risk paying twice.",
    "",
  ];
  for (const host of PROVIDER_IDS) {
    lines.push(`## ${getAdapter(host).name} (\`${host}\`)`, "", "| fault | sandbox spec | outcome | submits | taken | downloads | billed |", "|---|---|---|---|---|---|---|");
    for (const fault of FAULTS) {
      const cell = HOST_FAULTS[host][fault.id];
      const o = byCell.get(`${host}|${fault.id}`);
      if (!cell || "na" in cell || !o) {
        lines.push(`| ${fault.label} | | ${cell && "na" in cell ? cell.na : "n/a"} | | | | |`);
        continue;
      }
      const outcome = o.dto.error ? `${o.dto.status}, \`${o.dto.error.code}\`` : o.dto.status;
      const note = cell.note ? ` (${cell.note})` : "";
      lines.push(`| ${fault.label} | \`${cell.spec}\` | ${outcome}${note} | ${o.ledger.submits} | ${o.ledger.accepted} | ${o.ledger.downloads} | ${o.billedImages} |`);
    }
    lines.push("");
  }
  return lines.join("\n");
}
