import { buttonClass } from "@/components/ui/button";
import { StarIcon } from "@/components/ui/icons";

/** The star: an icon over a thumbnail (`className` places it), or a labelled button in the detail view. */
export function FavoriteToggle({
  favorite,
  onToggle,
  tabIndex,
  labelled = false,
  shortcut = "F",
  className = "",
}: {
  favorite: boolean;
  onToggle: () => void;
  tabIndex?: number;
  labelled?: boolean;
  /** The key named in the tooltip; null where no key does it. */
  shortcut?: string | null;
  className?: string;
}) {
  const action = favorite ? "Remove from favourites" : "Add to favourites";
  const color = favorite ? "text-amber-300" : "text-zinc-200 hover:text-amber-200";
  return (
    <button
      type="button"
      data-testid="favorite-toggle"
      aria-pressed={favorite}
      aria-label={labelled ? undefined : "Favourite"}
      title={shortcut ? `${action} (${shortcut})` : action}
      tabIndex={tabIndex}
      onClick={onToggle}
      className={labelled ? buttonClass("secondary", "sm", favorite ? "text-amber-300!" : "") : `${className} ${color}`}
    >
      <StarIcon filled={favorite} width={labelled ? 14 : 16} height={labelled ? 14 : 16} />
      {labelled ? "Favourite" : null}
    </button>
  );
}
