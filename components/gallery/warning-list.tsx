/** What the host did not take as given (dropped, clamped...), in amber; `compact` keeps each to one line. */
export function WarningList({ warnings, testId, compact = false }: { warnings: string[]; testId: string; compact?: boolean }) {
  if (warnings.length === 0) return null;
  return (
    <ul data-testid={testId} aria-label="Warnings" className="space-y-0.5 text-xs text-amber-300/90">
      {warnings.map((warning, i) => (
        <li key={i} title={compact ? warning : undefined} className={compact ? "truncate" : undefined}>
          <span aria-hidden="true">⚠ </span>
          {warning}
        </li>
      ))}
    </ul>
  );
}
