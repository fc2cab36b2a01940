"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { filterToSearchParams, readFilterParams, type FilterIssue, type FilterParse, type HistoryFilter } from "@/lib/history/filters";
import { draftOf, filterHref, filterOf, withDayTimeZone, type FilterDraft } from "./filter-url";

export const SEARCH_DEBOUNCE_MS = 250;

const noSubscription = () => () => {};
const readTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The viewer's IANA time zone; null in the server render, which cannot know it. */
function useViewerTimeZone(): string | null {
  return useSyncExternalStore(noSubscription, readTimeZone, () => null);
}

type FilterValidator = typeof import("@/lib/history/filter-schema");
let validatorModule: FilterValidator | null = null;
// The filter's zod rules load right after the page, in a chunk of their own: zod stays out of the
// page's first-load JS (~35 KiB gzip), and the results wait the few milliseconds it takes.
const loadValidator = () => import("@/lib/history/filter-schema").then((module) => (validatorModule = module));

function useFilterValidator(): FilterValidator | null {
  const [validator, setValidator] = useState(validatorModule);
  useEffect(() => {
    if (!validator) void loadValidator().then(setValidator);
  }, [validator]);
  return validator;
}

/**
 * The history filter lives in the address: read from it, and every edit of the bar written back to
 * it (replaced, not pushed, and without a server round trip), so reload, bookmark and back show
 * the same view. An edit the schema refuses (to before from, max below min) is shown, not written.
 */
export function useHistoryFilter() {
  const params = useSearchParams();
  const pathname = usePathname();
  const viewerTimeZone = useViewerTimeZone();
  const query = params.toString();
  const validator = useFilterValidator();
  // null until the rules have loaded: nothing is asked of the server with an unchecked filter.
  const parsed = useMemo<FilterParse | null>(() => (validator ? validator.filterFromSearchParams(new URLSearchParams(query)) : null), [query, validator]);
  const filter = useMemo(() => (parsed?.ok ? parsed.filter : {}), [parsed]);

  // Until the rules have loaded, the bar shows the address as written (unchecked), so an edit made
  // meanwhile builds on it instead of on an empty filter.
  const [draft, setDraft] = useState<FilterDraft>(() => draftOf(parsed?.ok ? filter : (readFilterParams(new URLSearchParams(query)) as HistoryFilter)));
  const [editIssues, setEditIssues] = useState<FilterIssue[]>([]);
  // The latest draft for commits scheduled before the next render (two clicks in a row both count).
  const latest = useRef(draft);
  useLayoutEffect(() => {
    latest.current = draft;
  }, [draft]);
  const timer = useRef<number | undefined>(undefined);
  // The query this hook last wrote to the address, and whether the bar was edited: state, since
  // rendering reads them.
  const [written, setWritten] = useState<string | null>(null);
  const [edited, setEdited] = useState(false);

  // The address changed without us (back, a link, Clear), or was first read: the bar shows what it says.
  const [seenParse, setSeenParse] = useState(parsed);
  if (parsed !== seenParse) {
    setSeenParse(parsed);
    // The first check of the address does not undo edits made while it was loading.
    if (query !== written && !(seenParse === null && edited)) {
      setDraft(draftOf(filter));
      setEditIssues([]);
    }
  }

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const commit = async (next: FilterDraft) => {
    const { parseHistoryFilter } = validatorModule ?? (await loadValidator());
    const result = parseHistoryFilter(withDayTimeZone(filterOf(next), viewerTimeZone));
    setEditIssues(result.ok ? [] : result.issues);
    if (!result.ok) return;
    setWritten(filterToSearchParams(result.filter).toString());
    window.history.replaceState(null, "", filterHref(pathname, result.filter));
  };

  /** Edits the bar; typing waits `delayMs` for a pause before the address follows. */
  const change = (patch: Partial<FilterDraft>, delayMs = 0) => {
    const next = { ...latest.current, ...patch };
    latest.current = next;
    setEdited(true);
    setDraft(next);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void commit(next), delayMs);
  };

  const clear = () => {
    window.clearTimeout(timer.current);
    latest.current = draftOf({});
    setDraft(latest.current);
    setEditIssues([]);
    setWritten("");
    window.history.replaceState(null, "", pathname);
  };

  return { filter, ready: parsed !== null, urlIssues: parsed && !parsed.ok ? parsed.issues : [], draft, editIssues, change, clear, viewerTimeZone };
}
