/** Shared look of text-like inputs; `aria-invalid="true"` turns the border red. */
export const inputClass =
  "w-full rounded-md border border-zinc-700 bg-zinc-900 px-2.5 py-1.5 text-sm text-zinc-100 " +
  "placeholder:text-zinc-500 focus:border-amber-400 focus:outline-none focus:ring-1 focus:ring-amber-400 " +
  "disabled:cursor-not-allowed disabled:opacity-50 " +
  "aria-[invalid=true]:border-red-500 aria-[invalid=true]:focus:ring-red-500";

export const selectClass = `${inputClass} pr-8`;
