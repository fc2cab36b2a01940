import type { ParamTreatment } from "@/lib/providers/capabilities";
import type { HostCapability } from "./host-facts";

/** What each treatment means (lib/providers/capabilities.ts), and its colour: red loses, amber bends, blue/violet reshape. */
export const TREATMENTS: Record<ParamTreatment, { className: string; meaning: string }> = {
  passthrough: { className: "border-zinc-700 text-zinc-400", meaning: "Same name, same value." },
  renamed: { className: "border-sky-800 bg-sky-950/60 text-sky-300", meaning: "Same value under the host's own name." },
  converted: {
    className: "border-violet-800 bg-violet-950/60 text-violet-300",
    meaning: "Another form of the same value (jpeg → jpg, a size → a preset).",
  },
  clamped: {
    className: "border-amber-700 bg-amber-950/60 text-amber-300",
    meaning: "Values outside the host's range move to its nearest allowed value.",
  },
  emulated: { className: "border-teal-800 bg-teal-950/60 text-teal-300", meaning: "The host lacks it; the playground reproduces it." },
  dropped: { className: "border-red-800 bg-red-950/60 text-red-300", meaning: "The host has no equivalent: the value is not sent." },
};

export const TREATMENT_ORDER = Object.keys(TREATMENTS) as ParamTreatment[];

const styleOf = (treatment: ParamTreatment) => TREATMENTS[treatment] ?? TREATMENTS.passthrough;

/** The tooltip of a capability: its note and the host's field, else what the treatment means. */
export function capabilityTitle(capability: HostCapability): string {
  const parts = [capability.note, capability.wire ? `host field: ${capability.wire}` : null].filter(Boolean);
  return parts.length ? parts.join(" · ") : styleOf(capability.treatment).meaning;
}

export function TreatmentBadge({
  treatment,
  title,
  testId,
  count,
  className = "",
}: {
  treatment: ParamTreatment;
  /** Shown before the treatment: "2 dropped". */
  count?: number;
  title?: string;
  testId?: string;
  className?: string;
}) {
  return (
    <span
      data-testid={testId}
      data-treatment={treatment}
      title={title ?? styleOf(treatment).meaning}
      className={`inline-flex items-center rounded border px-1.5 text-[10px] leading-4 font-medium whitespace-nowrap ${styleOf(treatment).className} ${className}`}
    >
      {count !== undefined ? `${count} ${treatment}` : treatment}
    </span>
  );
}

export function TreatmentLegend() {
  return (
    <dl className="grid gap-x-3 gap-y-1 text-xs sm:grid-cols-[auto_1fr]">
      {TREATMENT_ORDER.map((treatment) => (
        <div key={treatment} className="contents">
          <dt>
            <TreatmentBadge treatment={treatment} />
          </dt>
          <dd className="text-zinc-400">{TREATMENTS[treatment].meaning}</dd>
        </div>
      ))}
    </dl>
  );
}
