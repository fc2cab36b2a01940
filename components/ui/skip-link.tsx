"use client";

/**
 * The first stop of the Tab key: jumps past the navigation to the page's <main>. Each page owns its
 * <main>, so the link finds it when followed rather than relying on an id every page must repeat.
 */
export function SkipLink() {
  return (
    <a
      href="#main"
      data-testid="skip-link"
      onClick={(event) => {
        const main = document.querySelector("main");
        if (!main) return;
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
