import type { ProviderMode } from "@/lib/providers/registry";

const MODES: Record<ProviderMode, { className: string; meaning: string }> = {
  live: { className: "border-emerald-700 bg-emerald-950/60 text-emerald-300", meaning: "Runs on the host's real API with a key (your own or the server's): billed." },
  sandbox: {
    className: "border-amber-600 bg-amber-950/60 text-amber-300",
    meaning: "No key to use: runs on the local emulator, synthetic images, nothing billed.",
  },
  misconfigured: { className: "border-red-700 bg-red-950/60 text-red-300", meaning: "The configuration is inconsistent: this host cannot run." },
};

export const modeMeaning = (mode: ProviderMode) => MODES[mode]?.meaning ?? mode;

export function ModeBadge({ mode, testId }: { mode: ProviderMode; testId?: string }) {
  return (
    <span
      data-testid={testId}
      title={modeMeaning(mode)}
      className={`inline-flex items-center rounded-full border px-2 text-xs leading-5 font-semibold ${MODES[mode]?.className ?? MODES.misconfigured.className}`}
    >
      {mode}
    </span>
  );
}
