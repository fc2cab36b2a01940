"use client";

import { useEffect, useRef, type ReactNode } from "react";

/** Where the host cards sit three or two abreast: below it, one column of whole cards is metres long. */
const WIDE = "(min-width: 1024px)";

/**
 * A host card's setup, prices and settings. Rendered open (and open on wide screens); on a phone the
 * cards fold to their headers once the page runs, except the one a link points to (#host-…), which
 * also opens when a link on the page is followed later.
 */
export function CardBody({ anchor, summary, children }: { anchor: string; summary: ReactNode; children: ReactNode }) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const details = ref.current;
    if (!details) return;
    const targeted = () => window.location.hash === `#${anchor}`;
    if (!window.matchMedia(WIDE).matches && !targeted()) details.open = false;
    const openWhenTargeted = () => {
      if (targeted()) details.open = true;
    };
    window.addEventListener("hashchange", openWhenTargeted);
    return () => window.removeEventListener("hashchange", openWhenTargeted);
  }, [anchor]);
  return (
    <details ref={ref} open data-testid="host-card-body" className="group/body">
      {summary}
      <div className="mt-3 space-y-4">{children}</div>
    </details>
  );
}
