import type { ReactNode } from "react";
import type { FilterIssue } from "@/lib/history/filters";

/** What is wrong with a filter, field by field, in the address's own names (from, maxCost, host…). */
export function FilterIssues({ title, issues, testId, children }: { title: string; issues: FilterIssue[]; testId: string; children?: ReactNode }) {
  if (issues.length === 0) return null;
  return (
    <div data-testid={testId} role="status" className="space-y-2 rounded-lg border border-red-900 bg-red-950/30 p-3 text-sm text-red-200">
      <p className="font-medium">{title}</p>
      <ul className="list-inside list-disc space-y-0.5">
        {issues.map((issue) => (
          <li key={`${issue.path}:${issue.message}`}>
            <code className="text-red-100">{issue.path}</code>: {issue.message}
          </li>
        ))}
      </ul>
      {children}
    </div>
  );
}
