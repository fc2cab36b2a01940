/** Which targets are ticked, and the one a shift-click extends from. */
export interface Selection {
  keys: ReadonlySet<string>;
  anchor: string | null;
}

export const EMPTY_SELECTION: Selection = { keys: new Set(), anchor: null };

/**
 * A click on `key`'s checkbox. Plain: toggles it and makes it the anchor. With `range` (shift):
 * ticks every selectable key from the anchor to `key`, both included, like a file manager; the
 * anchor stays, so a second shift-click re-extends from the same place.
 */
export function clickSelection(selection: Selection, order: readonly string[], key: string, range: boolean): Selection {
  const from = selection.anchor === null ? -1 : order.indexOf(selection.anchor);
  const to = order.indexOf(key);
  if (range && from !== -1 && to !== -1) {
    const keys = new Set(selection.keys);
    for (let i = Math.min(from, to); i <= Math.max(from, to); i++) keys.add(order[i]);
    return { keys, anchor: selection.anchor };
  }
  const keys = new Set(selection.keys);
  if (keys.has(key)) keys.delete(key);
  else keys.add(key);
  return { keys, anchor: key };
}

/** The ticked keys still on screen (deleted or no longer listed ones drop out), in display order. */
export const selectedInOrder = (selection: Selection, order: readonly string[]) => order.filter((key) => selection.keys.has(key));
