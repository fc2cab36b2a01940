/** The gallery's keys (grid and detail view) as named commands; the `?` dialog lists them. */
export type GalleryCommand =
  | "previous"
  | "next"
  | "up"
  | "down"
  | "first"
  | "last"
  | "open"
  | "favorite"
  | "reuse"
  | "copySeed"
  | "delete"
  | "select"
  | "undo"
  | "shortcuts"
  | "escape";

const KEYS: Record<string, GalleryCommand> = {
  ArrowLeft: "previous",
  ArrowRight: "next",
  ArrowUp: "up",
  ArrowDown: "down",
  Home: "first",
  End: "last",
  Enter: "open",
  " ": "open",
  f: "favorite",
  r: "reuse",
  s: "copySeed",
  Delete: "delete",
  Backspace: "delete",
  x: "select",
  "?": "shortcuts",
  Escape: "escape",
};

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/**
 * The command of a key press, or null. Shift is allowed (it makes `?` on most layouts); other
 * modifiers belong to the browser and the system, except Ctrl/⌘+Z, the undo. Callers pass
 * `typing` for a text field, where every key is the field's.
 */
export function commandOf(press: KeyPress, typing: boolean): GalleryCommand | null {
  if (typing) return null;
  // Ctrl/⌘+Shift+Z is "redo" elsewhere: not ours.
  if ((press.ctrlKey || press.metaKey) && !press.altKey && !press.shiftKey && press.key.toLowerCase() === "z") return "undo";
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  return KEYS[press.key.length === 1 ? press.key.toLowerCase() : press.key] ?? null;
}

const NOT_TEXT_INPUTS = new Set(["checkbox", "radio", "button", "submit", "reset", "range", "color", "file", "image"]);

/** Whether keys typed at `target` are text for it: a text field, a select, an editable region. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !NOT_TEXT_INPUTS.has(target.type);
}
