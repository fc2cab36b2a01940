"use client";

import { usePathname } from "next/navigation";
import { useEffect } from "react";

const TARGET = "main";

/**
 * The first stop of the Tab key: jumps past the navigation to the page's <main>. Each page owns its
 * <main>; the link names it (id="main") after each navigation rather than every page repeating the id.
 */
export function SkipLink() {
  const pathname = usePathname();
  useEffect(() => {
    const main = document.querySelector("main");
    if (main && !main.id) main.id = TARGET;
  }, [pathname]);
  return (
    <a
      href={`#${TARGET}`}
      data-testid="skip-link"
      onClick={(event) => {
        const main = document.querySelector("main");
        if (!main) return;
        // Focus moves with the jump (a fragment alone scrolls, and leaves focus behind in some browsers).
        event.preventDefault();
        if (!main.hasAttribute("tabindex")) main.tabIndex = -1;
        main.focus();
        main.scrollIntoView();
      }}
      className="sr-only z-50 rounded-md bg-amber-400 px-3 py-2 text-sm font-semibold text-zinc-950 focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
    >
      Skip to content
    </a>
  );
}
