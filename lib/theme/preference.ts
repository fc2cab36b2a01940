/**
 * The colour theme: a choice per browser (localStorage), "system" following prefers-color-scheme.
 * THEME_SCRIPT resolves it to data-theme="light" | "dark" on <html>; app/globals.css does the rest.
 */
export const THEME_STORAGE_KEY = "flux-theme";
/** Dispatched on window by the toggle after it saves a choice: the script applies it at once. */
export const THEME_CHANGE_EVENT = "flux-theme-change";
export const THEME_PREFERENCES = ["system", "light", "dark"] as const;
export type ThemePreference = (typeof THEME_PREFERENCES)[number];

export const isThemePreference = (value: unknown): value is ThemePreference => THEME_PREFERENCES.includes(value as ThemePreference);

/**
 * Inline in <head>, before anything paints (no flash of the wrong theme), then again when the system
 * setting changes, the toggle saves a choice, or another tab does (storage event). Plain ES5: it is
 * not bundled. Storage may throw (privacy modes): the system setting decides then.
 */
export const THEME_SCRIPT = `(function(){var m=matchMedia("(prefers-color-scheme: light)");function a(){var p=null;try{p=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)})}catch(e){}document.documentElement.dataset.theme=p==="light"||p==="dark"?p:m.matches?"light":"dark"}a();m.addEventListener("change",a);addEventListener(${JSON.stringify(THEME_CHANGE_EVENT)},a);addEventListener("storage",a)})()`;

export function readThemePreference(): ThemePreference {
  try {
    const saved = localStorage.getItem(THEME_STORAGE_KEY);
    return isThemePreference(saved) ? saved : "system";
  } catch {
    return "system";
  }
}

export function saveThemePreference(preference: ThemePreference): void {
  try {
    if (preference === "system") localStorage.removeItem(THEME_STORAGE_KEY);
    else localStorage.setItem(THEME_STORAGE_KEY, preference);
  } catch {
    // Storage refused: the choice lasts until the page is left.
  }
  window.dispatchEvent(new Event(THEME_CHANGE_EVENT));
}
