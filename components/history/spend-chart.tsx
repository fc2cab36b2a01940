"use client";

import { useEffect, useRef, useState } from "react";
import { formatUsd } from "@/components/gallery/format";
import { niceTicks, type BinUnit, type SpendBin } from "./spend-bins";
import { SpendTable } from "./spend-table";

// Plain SVG drawn at the panel's own width (text stays at its size): no chart library to ship.
const HEIGHT = 180;
const PLOT = { left: 52, right: 8, top: 8, bottom: 22 };
const LABEL_SPACING_PX = 80;
const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;

function useWidth(fallback: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.max(240, Math.round(entry.contentRect.width))));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

const describeBin = (bin: SpendBin) =>
  `${bin.label}: ${bin.generations} run${bin.generations === 1 ? "" : "s"}, ${bin.images} image${bin.images === 1 ? "" : "s"}, ` +
  `${formatUsd(bin.estimatedUsd)} estimated, ${formatUsd(bin.billedUsd)} billed`;

const UNIT_TITLES: Record<BinUnit, string> = { day: "per day", week: "per week", month: "per month", year: "per year" };

/** Estimated and billed spend per bin as paired bars, with a table of the same figures. */
export function SpendChart({ bins, unit, timeZone }: { bins: SpendBin[]; unit: BinUnit; timeZone: string }) {
  const [active, setActive] = useState<number | null>(null);
  const [box, width] = useWidth(720);
  const plotWidth = width - PLOT.left - PLOT.right;
  const ticks = niceTicks(Math.max(...bins.map((b) => Math.max(b.estimatedUsd, b.billedUsd))));
  const top = ticks[ticks.length - 1];
  const y = (usd: number) => PLOT.top + plotHeight - (usd / top) * plotHeight;
  const slot = plotWidth / bins.length;
  const barWidth = Math.min(14, slot * 0.38);
  const labelEvery = Math.ceil(bins.length / Math.max(1, Math.floor(plotWidth / LABEL_SPACING_PX)));
  const peak = bins.reduce((a, b) => (b.estimatedUsd > a.estimatedUsd ? b : a), bins[0]);
  const summary =
    `Spend ${UNIT_TITLES[unit]} from ${bins[0].label} to ${bins[bins.length - 1].label} (days in ${timeZone}); ` +
    `highest: ${formatUsd(peak.estimatedUsd)} estimated, ${peak.label}.`;
  const shown = active === null ? null : bins[active];

  return (
    <figure data-testid="spend-chart" data-unit={unit} data-bars={bins.length} className="space-y-2">
      <figcaption className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-zinc-400">
        <span className="font-medium text-zinc-200">Spend {UNIT_TITLES[unit]}</span>
        <span className="flex items-center gap-1">
          <span aria-hidden="true" className="inline-block size-2.5 rounded-sm bg-amber-400" /> estimated
        </span>
        <span className="flex items-center gap-1">
          <span aria-hidden="true" className="inline-block size-2.5 rounded-sm bg-emerald-400" /> billed
        </span>
        <span data-testid="spend-chart-readout" aria-live="polite" className="ml-auto tabular-nums text-zinc-300">
          {shown ? describeBin(shown) : "Point at a bar for its figures."}
        </span>
      </figcaption>
      <div ref={box}>
        <svg width={width} height={HEIGHT} role="img" aria-label={summary} className="block" onMouseLeave={() => setActive(null)}>
          {ticks.map((tick) => (
            <g key={tick} className="text-zinc-400">
              <line x1={PLOT.left} x2={width - PLOT.right} y1={y(tick)} y2={y(tick)} stroke="currentColor" strokeOpacity={0.25} />
              <text x={PLOT.left - 6} y={y(tick)} dy="0.32em" textAnchor="end" fontSize={11} fill="currentColor">
                {formatUsd(tick)}
              </text>
            </g>
          ))}
          {bins.map((bin, i) => {
            const x = PLOT.left + i * slot + slot / 2;
            return (
              <g key={bin.start} data-testid="spend-bar" onMouseEnter={() => setActive(i)}>
                <title>{describeBin(bin)}</title>
                {/* The whole column reacts, not only the (maybe tiny) bars. */}
                <rect x={x - slot / 2} y={PLOT.top} width={slot} height={plotHeight} fill={active === i ? "rgb(63 63 70 / 0.35)" : "transparent"} />
                <rect x={x - barWidth} y={y(bin.estimatedUsd)} width={barWidth} height={y(0) - y(bin.estimatedUsd)} className="fill-amber-400" />
                <rect x={x} y={y(bin.billedUsd)} width={barWidth} height={y(0) - y(bin.billedUsd)} className="fill-emerald-400" />
                {i % labelEvery === 0 ? (
                  <text x={x} y={HEIGHT - 6} textAnchor="middle" fontSize={11} className="fill-zinc-500">
                    {bin.label.replace(/^week of /, "")}
                  </text>
                ) : null}
              </g>
            );
          })}
        </svg>
      </div>
      <details className="text-xs text-zinc-400">
        <summary className="cursor-pointer select-none hover:text-zinc-200">The chart as a table</summary>
        <div className="mt-2 max-h-64 overflow-y-auto">
          <SpendTable
            caption={summary}
            captionHidden
            heading={unit[0].toUpperCase() + unit.slice(1)}
            testId="spend-chart-table"
            rows={bins.filter((bin) => bin.generations > 0).map((bin) => ({ ...bin, key: bin.start }))}
          />
        </div>
      </details>
    </figure>
  );
}
