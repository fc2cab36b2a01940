import type { ModelId } from "@/lib/models";
import type { ErrorCode } from "@/lib/providers/errors";

export const GENERATION_STATUSES = ["queued", "running", "succeeded", "failed", "canceled"] as const;
export type GenerationStatus = (typeof GENERATION_STATUSES)[number];
export const TERMINAL_STATUSES: readonly GenerationStatus[] = ["succeeded", "failed", "canceled"];
export const isTerminal = (s: GenerationStatus) => TERMINAL_STATUSES.includes(s);

/** How the billed figure was obtained: reported by the host, or our list price, or $0 in sandbox. */
export type BilledSource = "host" | "estimate" | "sandbox";
/** Whose key a run used: the user's own (team mode), the server's, or none (the host's sandbox). */
export type KeySource = "user" | "server" | "sandbox";

export interface ImageDto {
  id: string;
  index: number;
  /** Our copy of the original (never the host's expiring URL). */
  url: string;
  thumbUrl: string;
  width: number;
  height: number;
  contentType: string;
  bytes: number;
  seed: number | null;
  /** Spared by bulk deletes unless the user says otherwise. */
  favorite: boolean;
}

/** One end of an edit (FLUX.1 Kontext): the run, its image, and enough to show and open it. */
export interface LineageLink {
  generationId: string;
  /** The parent: the image edited. A child: its first image (null while it runs, or when it made none). */
  imageId: string | null;
  model: ModelId;
  provider: string;
  prompt: string;
  thumbUrl: string | null;
}

export interface GenerationDto {
  id: string;
  model: ModelId;
  provider: string;
  /** Set when this generation is a cell of a comparison. */
  comparisonId: string | null;
  params: Record<string, unknown>;
  status: GenerationStatus;
  /** True when the host was the local emulator: nothing was billed. */
  sandbox: boolean;
  /** Whose key the run used (never the key itself). */
  keySource: KeySource;
  /** 0..1 while running, when the host reports it. */
  progress: number | null;
  /** While work waits for a slot at its host (per-host concurrency): the host and how many tasks are ahead. */
  queue: { host: string; ahead: number } | null;
  /** Opt-in: the hosts to run on, in order, if `provider` fails with 429, 5xx or a timeout. */
  failover: string[];
  /** The host that made (or is making) the images: `provider`, or the failover host that took over. Costs land here. */
  servedBy: string;
  /** Parameters in `params` that the serving host never received (its mapping drops them). */
  notSent: string[];
  /** Hosts that failed before the one serving it, with their answer. */
  attempts: { provider: string; error: { code: ErrorCode; message: string }; startedAt: string; endedAt: string; estimatedUsd: number }[];
  images: ImageDto[];
  cost: {
    estimatedUsd: number;
    billedUsd: number | null;
    billedSource: BilledSource | null;
    /** The host's list price for one image, also shown for sandbox runs. */
    unitPriceUsd: number;
  };
  timings: {
    createdAt: string;
    submittedAt: string | null;
    /** When the host first reported the result ready. */
    hostReadyAt: string | null;
    finishedAt: string | null;
    /** Host latency: first submit to the last image reported ready. */
    hostLatencyMs: number | null;
    /** Created to terminal, including downloads. */
    totalMs: number | null;
  };
  error: { code: ErrorCode; message: string } | null;
  warnings: string[];
  /** The image this run edited, when it is one the viewer may still see (else null). */
  parent: LineageLink | null;
  /** Runs that edited one of this run's images (`fromImageId`), oldest first; the viewer's own, not deleted. */
  children: (LineageLink & { fromImageId: string })[];
}

export interface GenerationPage {
  items: GenerationDto[];
  nextCursor: string | null;
}

export interface HistoryTotals {
  generations: number;
  images: number;
  estimatedUsd: number;
  billedUsd: number;
}
