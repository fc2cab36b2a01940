import Link from "next/link";
import type { ProviderInfo } from "@/lib/providers/registry";
import { setupText } from "./host-facts";

const Var = ({ name }: { name: string }) => <code className="rounded bg-zinc-800 px-1 font-mono text-zinc-200">{name}</code>;
const KeysLink = () => (
  <Link href="/keys" className="text-amber-300/90 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-amber-400">
    Keys page
  </Link>
);

/** How a host is reached (or taken live, or fixed): your own key, the server's variables, the base URL. */
export function HostSetup({ provider }: { provider: ProviderInfo }) {
  const keys = provider.env.apiKey;
  const vars = keys.map((name, i) => (
    <span key={name}>
      {i > 0 ? (i === keys.length - 1 ? " or " : ", ") : null}
      <Var name={name} />
    </span>
  ));
  return (
    <div data-testid="host-setup" title={setupText(provider)} className="space-y-1 text-xs text-zinc-400">
      {provider.keySource === "user" ? (
        <p>
          Your runs use your own key ••••{provider.userKeyLast4} (see the <KeysLink />); the server&apos;s key is read from {vars}.
        </p>
      ) : provider.keySource === "server" && provider.mode === "live" ? (
        <p>
          Live with the server&apos;s key, read from {vars}. Your own key, set on the <KeysLink />, replaces it for your runs.
        </p>
      ) : (
        <p>
          {provider.mode === "sandbox" ? "To go live, set" : "To run, set"} {vars} in the server&apos;s environment, or your own key on
          the <KeysLink />.
        </p>
      )}
      <p>
        <Var name={provider.env.baseUrl} /> replaces{" "}
        <code className="font-mono break-all text-zinc-300">{provider.defaultBaseUrl}</code>
        {provider.mode === "sandbox" ? " (only together with a key)" : ""}.
      </p>
    </div>
  );
}
