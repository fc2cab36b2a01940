import type { ReactNode } from "react";
import type { FilterIssue } from "@/lib/history/filters";
import { explainFilterIssue } from "./filter-issue-text";

/** What is wrong with a filter, one line per filter, named as the page names it. */
export function FilterIssues({
  title,
  issues,
  given,
  testId,
  children,
}: {
  title: string;
  issues: FilterIssue[];
  /** The values as the address wrote them, to quote back. */
  given?: Record<string, unknown>;
  testId: string;
  children?: ReactNode;
}) {
  if (issues.length === 0) return null;
  return (
    <div data-testid={testId} role="status" className="space-y-2 rounded-lg border border-red-900 bg-red-950/30 p-3 text-sm text-red-200">
      <p className="font-medium">{title}</p>
      <ul className="list-inside list-disc space-y-0.5">
        {issues.map((issue) => {
          const { label, detail } = explainFilterIssue(issue, given);
          return (
            <li key={`${issue.path}:${issue.message}`}>
              <strong className="font-semibold text-red-100">{label}</strong>
              {detail}
            </li>
          );
        })}
      </ul>
      {children}
    </div>
  );
}
