"use client";

import { useState, type DragEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";

/** The parts both image controls share: reading a file, a web address entry, a drop zone, a preview. */

const ACCEPTED = ["image/png", "image/jpeg", "image/webp"];
export const ACCEPTED_TYPES = ACCEPTED.join(",");
const MAX_BYTES = 10 * 1024 * 1024;

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error("Could not read the file"));
    reader.readAsDataURL(file);
  });
}

/** A picked or dropped file as a data: URL, or why it cannot be used. */
export async function readImageFile(file: File): Promise<{ dataUrl: string } | { error: string }> {
  if (!ACCEPTED.includes(file.type)) return { error: `"${file.name}" is not a PNG, JPEG or WebP image.` };
  if (file.size > MAX_BYTES) return { error: `"${file.name}" is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is 10 MB.` };
  try {
    return { dataUrl: await readAsDataUrl(file) };
  } catch (err) {
    return { error: err instanceof Error ? err.message : "Could not read the file" };
  }
}

const approxKb = (dataUrl: string) => Math.round((dataUrl.length - dataUrl.indexOf(",") - 1) * 0.75 / 1024);
const isWebUrl = (value: string) => /^https?:\/\//i.test(value);

/** What the URL box says before the server sees it: the server checks the rest (address, size, type). */
function urlProblem(text: string): string | null {
  if (!URL.canParse(text)) return "Enter a full address, e.g. https://example.com/reference.png";
  if (!isWebUrl(text)) return "Only http and https addresses can be fetched.";
  return null;
}

export const fileInputClass =
  "block w-full text-xs text-zinc-400 file:mr-3 file:rounded-md file:border file:border-zinc-700 " +
  "file:bg-zinc-800 file:px-2 file:py-1 file:text-xs file:text-zinc-100 hover:file:bg-zinc-700";

/** A dashed area that takes dropped files. */
export function DropZone({ disabled, onFiles, children }: { disabled: boolean; onFiles: (files: File[]) => void; children: ReactNode }) {
  const [dragging, setDragging] = useState(false);
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    if (!disabled) onFiles([...event.dataTransfer.files]);
  };
  return (
    <div
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      className={`rounded-md border border-dashed p-2 transition-colors ${dragging ? "border-amber-400 bg-amber-400/5" : "border-zinc-700"}`}
    >
      {children}
    </div>
  );
}

/** "or https://… [Use URL]": a web address the server fetches on Run. */
export function UrlEntry({
  label,
  testId,
  disabled,
  onUrl,
  onProblem,
}: {
  label: string;
  testId: string;
  disabled: boolean;
  onUrl: (url: string) => void;
  onProblem: (problem: string) => void;
}) {
  const [text, setText] = useState("");
  const take = () => {
    const url = text.trim();
    const problem = urlProblem(url);
    if (problem) return onProblem(problem);
    setText("");
    // The server fetches it once when the run starts, checks it and keeps its own copy.
    onUrl(url);
  };
  return (
    <div className="mt-2 flex items-center gap-2">
      <span className="text-xs text-zinc-500">or</span>
      <input
        type="url"
        inputMode="url"
        placeholder="https://… (PNG, JPEG or WebP)"
        aria-label={label}
        data-testid={testId}
        value={text}
        disabled={disabled}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          // Enter takes the URL instead of submitting the whole form.
          if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) {
            event.preventDefault();
            take();
          }
        }}
        className="min-w-0 flex-1 rounded-md border border-zinc-700 bg-zinc-900 px-2 py-1 text-xs text-zinc-100 placeholder:text-zinc-600"
      />
      <Button size="sm" variant="ghost" onClick={take} disabled={disabled || !text.trim()} data-testid={`${testId}-use`}>
        Use URL
      </Button>
    </div>
  );
}

/** One given image: its preview (or its address, which the server fetches), its size, and its buttons. */
export function ImagePreview({
  value,
  alt,
  previewTestId,
  urlTestId,
  children,
}: {
  value: string;
  alt: string;
  previewTestId: string;
  urlTestId: string;
  /** The buttons (remove, move). */
  children: ReactNode;
}) {
  if (isWebUrl(value)) {
    return (
      <div className="flex items-center gap-3">
        {/* Not previewed: the browser would fetch it from the user's machine; the server fetches it on Run. */}
        <span className="min-w-0 flex-1 truncate text-xs text-zinc-300" data-testid={urlTestId} title={value}>
          {value}
        </span>
        <span className="shrink-0 text-xs text-zinc-500">fetched by the server on Run</span>
        {children}
      </div>
    );
  }
  return (
    <div className="flex items-center gap-3">
      {value.startsWith("data:") || value.startsWith("/api/images/") ? (
        <img src={value} alt={alt} data-testid={previewTestId} className="h-16 w-16 rounded object-cover" />
      ) : (
        <span className="text-xs text-zinc-400">Image set (base64)</span>
      )}
      <span className="text-xs text-zinc-500">{value.startsWith("/api/images/") ? "from history" : `≈ ${approxKb(value)} KB`}</span>
      {children}
    </div>
  );
}
