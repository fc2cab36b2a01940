import type { ProviderInfo } from "@/lib/providers/registry";

type KeyFacts = Pick<ProviderInfo, "keySource" | "userKeyLast4" | "mode">;

const SOURCES = {
  user: { className: "border-emerald-800 text-emerald-300", meaning: "Runs use your own key (set on the Keys page): billed to your account at the host." },
  server: { className: "border-sky-800 text-sky-300", meaning: "Runs use the server's key: billed to the server's account at the host." },
  sandbox: { className: "border-amber-700 text-amber-300", meaning: "No key to use: runs go to the local emulator, synthetic images, nothing billed." },
} as const;

/** "your key ••••1234", "server key", "sandbox": which key a run by this user would use. */
export function keySourceLabel(provider: Pick<ProviderInfo, "keySource" | "userKeyLast4">): string {
  switch (provider.keySource) {
    case "user":
      return `your key ••••${provider.userKeyLast4 ?? ""}`;
    case "server":
      return "server key";
    case "sandbox":
      return "sandbox";
  }
}

/**
 * Nothing for a misconfigured host with no key (its problem says more), nor for "sandbox" beside a
 * mode badge that says it already (`besideMode`).
 */
export function KeySourceBadge({ provider, testId, besideMode = false }: { provider: KeyFacts; testId?: string; besideMode?: boolean }) {
  if (provider.keySource === "sandbox" && (besideMode || provider.mode === "misconfigured")) return null;
  const source = SOURCES[provider.keySource];
  return (
    <span
      data-testid={testId}
      data-key-source={provider.keySource}
      title={source.meaning}
      className={`inline-flex items-center rounded-full border px-2 text-xs leading-5 whitespace-nowrap ${source.className}`}
    >
      {keySourceLabel(provider)}
    </span>
  );
}
