import type { ComponentProps } from "react";

type Variant = "primary" | "secondary" | "ghost" | "danger";
type Size = "sm" | "md";

const base =
  "inline-flex items-center justify-center gap-1.5 rounded-md font-medium transition-colors " +
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-amber-400 " +
  "disabled:cursor-not-allowed disabled:opacity-50";

const variants: Record<Variant, string> = {
  primary: "bg-amber-400 text-zinc-950 hover:bg-amber-300",
  secondary: "border border-zinc-700 bg-zinc-900 text-zinc-100 hover:border-zinc-500 hover:bg-zinc-800",
  ghost: "text-zinc-300 hover:bg-zinc-800 hover:text-zinc-100",
  danger: "border border-red-900 bg-red-950/40 text-red-200 hover:bg-red-900/50",
};

const sizes: Record<Size, string> = {
  sm: "h-7 px-2 text-xs",
  md: "h-9 px-3 text-sm",
};

export function buttonClass(variant: Variant = "secondary", size: Size = "md", extra = "") {
  return `${base} ${variants[variant]} ${sizes[size]} ${extra}`.trim();
}

export function Button({
  variant = "secondary",
  size = "md",
  className = "",
  type = "button",
  ...props
}: ComponentProps<"button"> & { variant?: Variant; size?: Size }) {
  return <button type={type} className={buttonClass(variant, size, className)} {...props} />;
}

/** A small toggle chip for presets and segmented choices; `pressed` is announced via aria-pressed. */
export function Chip({
  pressed,
  className = "",
  type = "button",
  ...props
}: ComponentProps<"button"> & { pressed: boolean }) {
  return (
    <button
      type={type}
      aria-pressed={pressed}
      className={
        "rounded-md border px-2 py-1 text-xs tabular-nums transition-colors " +
        "focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-amber-400 " +
        "disabled:cursor-not-allowed disabled:opacity-50 " +
        (pressed
          ? "border-amber-400 bg-amber-400/15 text-amber-200"
          : "border-zinc-700 bg-zinc-900 text-zinc-300 hover:border-zinc-500 hover:text-zinc-100") +
        ` ${className}`
      }
      {...props}
    />
  );
}
