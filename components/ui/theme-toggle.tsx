"use client";

import { useId, useSyncExternalStore } from "react";
import { THEME_CHANGE_EVENT, isThemePreference, readThemePreference, saveThemePreference } from "@/lib/theme/preference";

const LABELS = { system: "System theme", light: "Light", dark: "Dark" } as const;

function subscribe(onChange: () => void) {
  window.addEventListener(THEME_CHANGE_EVENT, onChange);
  window.addEventListener("storage", onChange);
  return () => {
    window.removeEventListener(THEME_CHANGE_EVENT, onChange);
    window.removeEventListener("storage", onChange);
  };
}

/** System / light / dark, in the navigation bar. The server renders "system": the saved choice is the browser's. */
export function ThemeToggle() {
  const id = useId();
  const preference = useSyncExternalStore(subscribe, readThemePreference, () => "system" as const);
  return (
    <>
      <label htmlFor={id} className="sr-only">
        Theme
      </label>
      <select
        id={id}
        data-testid="theme-select"
        value={preference}
        onChange={(event) => isThemePreference(event.target.value) && saveThemePreference(event.target.value)}
        className="rounded-md border border-zinc-700 bg-zinc-900 px-1.5 py-1 text-sm text-zinc-300 hover:text-zinc-100 focus-visible:outline-2 focus-visible:outline-amber-400"
      >
        {Object.entries(LABELS).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </>
  );
}
