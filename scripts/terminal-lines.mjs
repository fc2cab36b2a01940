/**
 * The server's terminal, kept readable: an image prompt travels inline as base64 (several MB), and
 * Next's dev log of a Server Function call, or an error quoting a request, would print all of it.
 * Such runs are shortened to what they are and how big: `data:image/png;base64,… (123 kB)`.
 */

/** A data URL's payload, or a bare base64 run long enough that it cannot be words. */
const INLINE_DATA = /(data:[\w.+/-]+;base64,)([A-Za-z0-9+/]{64,}={0,2})|[A-Za-z0-9+/]{512,}={0,2}/g;

const kilobytes = (base64Chars) => `${Math.max(1, Math.round((base64Chars * 3) / 4 / 1000))} kB`;

/** @param {string} text */
export function shortenInlineImages(text) {
  return text.replace(INLINE_DATA, (match, prefix, payload) =>
    prefix ? `${prefix}… (${kilobytes(payload.length)})` : `… (${kilobytes(match.length)} of base64)`,
  );
}

/**
 * A writer for a child's output stream that passes it on line by line, shortened. A line still
 * open (a prompt, a progress mark) goes out after a moment rather than waiting for its end.
 * @param {(text: string) => void} write
 */
export function lineFilter(write) {
  let pending = "";
  let timer = null;
  const flush = () => {
    timer = null;
    if (pending) write(shortenInlineImages(pending));
    pending = "";
  };
  return {
    /** @param {Buffer | string} chunk */
    push(chunk) {
      pending += String(chunk);
      const end = pending.lastIndexOf("\n");
      if (end >= 0) {
        write(shortenInlineImages(pending.slice(0, end + 1)));
        pending = pending.slice(end + 1);
      }
      if (timer) clearTimeout(timer);
      // A base64 payload arrives in chunks within milliseconds; a short open line is shown soon.
      if (pending) timer = setTimeout(flush, 50);
    },
    end: flush,
  };
}
