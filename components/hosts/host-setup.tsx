import type { ProviderInfo } from "@/lib/providers/registry";
import { setupText } from "./host-facts";

const Var = ({ name }: { name: string }) => <code className="rounded bg-zinc-800 px-1 font-mono text-zinc-200">{name}</code>;

/** How to take a host live (or fix it): its key variables and the base URL they may replace. */
export function HostSetup({ provider }: { provider: ProviderInfo }) {
  const keys = provider.env.apiKey;
  const lead =
    provider.mode === "live"
      ? "Live with your key, read from"
      : provider.mode === "sandbox"
        ? "To go live, set"
        : "To run, set";
  return (
    <div data-testid="host-setup" title={setupText(provider)} className="space-y-1 text-xs text-zinc-400">
      <p>
        {lead}{" "}
        {keys.map((name, i) => (
          <span key={name}>
            {i > 0 ? (i === keys.length - 1 ? " or " : ", ") : null}
            <Var name={name} />
          </span>
        ))}
        {provider.mode === "live" ? "." : " in the server's environment."}
      </p>
      <p>
        <Var name={provider.env.baseUrl} /> replaces{" "}
        <code className="font-mono break-all text-zinc-300">{provider.defaultBaseUrl}</code>
        {provider.mode === "sandbox" ? " (only together with a key)" : ""}.
      </p>
    </div>
  );
}
