import type { PriceRule } from "@/lib/pricing/rules";
import { formatUsd, modelName } from "@/components/gallery/format";
import { defaultImagePrice, priceUnitLabel, splitSource } from "./host-facts";

const hostOf = (url: string) => (URL.canParse(url) ? new URL(url).hostname.replace(/^www\./, "") : url);

/** What one rule charges, in a line: per image, or per started megapixel with its tiers and inputs. */
function PriceText({ rule }: { rule: PriceRule }) {
  return (
    <>
      <span className="font-medium tabular-nums text-zinc-100">
        {formatUsd(rule.usd)} / {rule.extraMpUsd !== undefined ? "first MP" : priceUnitLabel(rule)}
      </span>
      {rule.extraMpUsd !== undefined ? <span className="tabular-nums text-zinc-300"> + {formatUsd(rule.extraMpUsd)} / further MP</span> : null}
      {rule.inputMpUsd ? <span className="tabular-nums text-zinc-300"> + {formatUsd(rule.inputMpUsd)} / input MP</span> : null}
      {rule.unit === "megapixel" ? <span className="text-zinc-400"> · ≈ {formatUsd(defaultImagePrice(rule))} at the default size</span> : null}
    </>
  );
}

/**
 * A host's list prices: one line per model with where the price was read and when; the remarks on
 * them (unconfirmed units, guesses) together below, one click away. Six models of notes inline made
 * each card a screen tall.
 */
export function PriceRules({ rules }: { rules: PriceRule[] }) {
  if (rules.length === 0) return <p className="text-xs text-zinc-400">No price known: runs are estimated at $0.</p>;
  const notes = rules.flatMap((rule) => {
    // A source without an address is its own words, shown on the rule's line.
    const { url, remark } = splitSource(rule.source);
    const text = [url ? remark : "", rule.note].filter(Boolean).join(". ");
    return text ? [{ model: rule.model, text }] : [];
  });
  return (
    <div className="space-y-1.5 text-xs">
      <ul className="space-y-1">
        {rules.map((rule) => {
          const { url, label, remark } = splitSource(rule.source);
          return (
            <li key={`${rule.provider}-${rule.model}`} data-testid="price-rule" data-model={rule.model}>
              <span className="text-zinc-300">{modelName(rule.model)}</span> <PriceText rule={rule} />
              <span className="text-zinc-400">
                {" · "}
                {url ? (
                  <a
                    href={url}
                    target="_blank"
                    rel="noreferrer"
                    title={label}
                    aria-label={`${modelName(rule.model)} price source: ${label}`}
                    className="text-amber-300 underline-offset-2 hover:underline"
                  >
                    {hostOf(url)}
                  </a>
                ) : (
                  remark
                )}
                {", "}
                <time dateTime={rule.asOf}>{rule.asOf}</time>
              </span>
            </li>
          );
        })}
      </ul>
      {notes.length ? (
        <details data-testid="price-notes">
          <summary className="cursor-pointer text-zinc-300 hover:text-zinc-100 focus-visible:outline-2 focus-visible:outline-amber-400">
            Notes on these prices ({notes.length})
          </summary>
          <ul className="mt-1 space-y-1 text-zinc-400">
            {notes.map((note) => (
              <li key={note.model}>
                <span className="text-zinc-300">{modelName(note.model)}:</span> {note.text}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
