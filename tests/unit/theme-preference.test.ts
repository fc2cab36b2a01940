import { describe, expect, it } from "vitest";
import { THEME_CHANGE_EVENT, THEME_SCRIPT, THEME_STORAGE_KEY } from "@/lib/theme/preference";

/** Runs the inline script against a stand-in browser: a saved choice, a system setting, events. */
function runScript({ saved, systemLight, storageThrows = false }: { saved: string | null; systemLight: boolean; storageThrows?: boolean }) {
  const store = new Map<string, string>(saved === null ? [] : [[THEME_STORAGE_KEY, saved]]);
  const listeners = new Map<string, () => void>();
  const media = { matches: systemLight, addEventListener: (_: string, fn: () => void) => listeners.set("media", fn) };
  const documentElement = { dataset: {} as Record<string, string> };
  const localStorage = {
    getItem: (key: string) => {
      if (storageThrows) throw new Error("SecurityError");
      return store.get(key) ?? null;
    },
  };
  new Function("matchMedia", "localStorage", "document", "addEventListener", THEME_SCRIPT)(
    () => media,
    localStorage,
    { documentElement },
    (type: string, fn: () => void) => listeners.set(type, fn),
  );
  return {
    theme: () => documentElement.dataset.theme,
    setSystem(light: boolean) {
      media.matches = light;
      listeners.get("media")!();
    },
    save(value: string | null) {
      if (value === null) store.delete(THEME_STORAGE_KEY);
      else store.set(THEME_STORAGE_KEY, value);
      listeners.get(THEME_CHANGE_EVENT)!();
    },
    otherTab(value: string) {
      store.set(THEME_STORAGE_KEY, value);
      listeners.get("storage")!();
    },
  };
}

describe("the theme script", () => {
  it.each([
    { saved: null, systemLight: true, theme: "light" },
    { saved: null, systemLight: false, theme: "dark" },
    { saved: "dark", systemLight: true, theme: "dark" },
    { saved: "light", systemLight: false, theme: "light" },
    { saved: "purple", systemLight: true, theme: "light" },
    { saved: "purple", systemLight: false, theme: "dark" },
  ])("saved $saved, system light $systemLight: $theme", ({ saved, systemLight, theme }) => {
    expect(runScript({ saved, systemLight }).theme()).toBe(theme);
  });

  it("follows the system setting only while no choice is saved", () => {
    const page = runScript({ saved: null, systemLight: false });
    page.setSystem(true);
    expect(page.theme()).toBe("light");
    page.save("dark");
    expect(page.theme()).toBe("dark");
    page.setSystem(false);
    page.setSystem(true);
    expect(page.theme()).toBe("dark");
    page.save(null);
    expect(page.theme()).toBe("light");
  });

  it("applies a choice made in another tab", () => {
    const page = runScript({ saved: null, systemLight: false });
    page.otherTab("light");
    expect(page.theme()).toBe("light");
  });

  it("falls back to the system setting when storage is refused", () => {
    expect(runScript({ saved: "dark", systemLight: true, storageThrows: true }).theme()).toBe("light");
  });
});
