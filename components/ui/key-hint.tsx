const kbd = "rounded border border-zinc-700 px-1 font-sans";

/** "Ctrl/⌘ + Enter": hidden on touch screens, which have no such keys to press. */
export function RunKeyHint({ className = "" }: { className?: string }) {
  return (
    <span data-testid="run-key-hint" className={`[@media(hover:none)_and_(pointer:coarse)]:hidden ${className}`}>
      <kbd className={kbd}>Ctrl</kbd>/<kbd className={kbd}>⌘</kbd> + <kbd className={kbd}>Enter</kbd>
    </span>
  );
}
