import type { PriceRule } from "@/lib/pricing/rules";
import { formatUsd, modelName } from "@/components/gallery/format";
import { defaultImagePrice, priceUnitLabel, splitSource } from "./host-facts";

/** A host's list prices, each with where it was read and when. */
export function PriceRules({ rules }: { rules: PriceRule[] }) {
  if (rules.length === 0) return <p className="text-xs text-zinc-400">No price known: runs are estimated at $0.</p>;
  return (
    <ul className="space-y-2 text-xs">
      {rules.map((rule) => {
        const { url, label, remark } = splitSource(rule.source);
        return (
          <li key={`${rule.provider}-${rule.model}`} data-testid="price-rule" data-model={rule.model} className="space-y-0.5">
            <p>
              <span className="text-zinc-300">{modelName(rule.model)}</span>{" "}
              <span className="font-medium tabular-nums text-zinc-100">
                {formatUsd(rule.usd)} / {rule.extraMpUsd !== undefined ? "first MP" : priceUnitLabel(rule)}
              </span>
              {rule.extraMpUsd !== undefined ? <span className="tabular-nums text-zinc-300"> + {formatUsd(rule.extraMpUsd)} / further MP</span> : null}
              {rule.inputMpUsd ? <span className="tabular-nums text-zinc-300"> + {formatUsd(rule.inputMpUsd)} / input MP</span> : null}
              {rule.unit === "megapixel" ? (
                <span className="text-zinc-400"> · started MP, ≈ {formatUsd(defaultImagePrice(rule))} at the default size</span>
              ) : null}
            </p>
            <p className="text-zinc-400">
              {url ? (
                <a href={url} target="_blank" rel="noreferrer" className="break-all text-amber-300 underline-offset-2 hover:underline">
                  {label}
                </a>
              ) : null}
              {remark ? <span>{url ? " · " : ""}{remark}</span> : null}
              {" · as of "}
              <time dateTime={rule.asOf}>{rule.asOf}</time>
            </p>
            {rule.note ? <p className="text-zinc-400">{rule.note}</p> : null}
          </li>
        );
      })}
    </ul>
  );
}
