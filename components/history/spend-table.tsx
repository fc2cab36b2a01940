import type { SpendBucket } from "@/lib/history/types";
import { formatUsd } from "@/components/gallery/format";

export interface SpendTableRow extends SpendBucket {
  key: string;
  label: string;
}

const cell = "py-1 pl-3 text-right";

/** Runs, images and money of each row: the host and model breakdowns and the chart's own figures. */
export function SpendTable({ caption, heading, rows, testId, captionHidden = false }: { caption: string; heading: string; rows: SpendTableRow[]; testId: string; captionHidden?: boolean }) {
  return (
    <table data-testid={testId} className="w-full text-left text-xs tabular-nums">
      <caption className={captionHidden ? "sr-only" : "pb-1 text-left text-sm font-medium text-zinc-200"}>{caption}</caption>
      <thead className="text-zinc-400">
        <tr>
          <th scope="col" className="py-1 font-medium">{heading}</th>
          <th scope="col" className={`${cell} font-medium`}>Runs</th>
          <th scope="col" className={`${cell} font-medium`}>Images</th>
          <th scope="col" className={`${cell} font-medium`}>Estimated</th>
          <th scope="col" className={`${cell} font-medium`}>Billed</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} data-key={row.key} className="border-t border-zinc-800 text-zinc-300">
            <th scope="row" className="py-1 font-normal text-zinc-200">{row.label}</th>
            <td className={cell}>{row.generations}</td>
            <td className={cell}>{row.images}</td>
            <td className={cell}>{formatUsd(row.estimatedUsd)}</td>
            <td className={cell}>{formatUsd(row.billedUsd)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
