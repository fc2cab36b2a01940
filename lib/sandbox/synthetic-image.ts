import { createHash } from "node:crypto";
import sharp from "sharp";

/** What a sandbox host was asked for; everything on the picture comes from here. */
export interface SyntheticImageSpec {
  width: number;
  height: number;
  format: "jpeg" | "png" | "webp";
  prompt: string;
  seed: number;
  provider: string;
  model: string;
  params: Record<string, unknown>;
  /** A blind comparison's cell: nothing on the picture may name or betray the host (see ANONYMOUS_HEADER). */
  anonymous?: boolean;
  /** An edit's input image: the picture is drawn over it, so the result visibly comes from it. */
  inputImage?: Buffer;
}

const FONT = "DejaVu Sans, sans-serif";
// Average advance of DejaVu Sans, in em: an estimate to wrap and truncate lines before rendering.
const CHAR_EM = 0.6;
// Advance of "SANDBOX" in DejaVu Sans Bold, in em, and its cap height.
const MARK_EM = 5.54;
const MARK_CAP_EM = 0.73;
const MAX_PROMPT_LINES = 4;
// Longer strings are payloads (base64 images), not something a person would read on the picture.
const LONG_VALUE_CHARS = 200;

/**
 * Renders the sandbox's stand-in for a generated image: exactly `width` x `height` in `format`,
 * byte-identical for an identical spec (no clock, no randomness beyond the spec's hash).
 */
export async function renderSyntheticImage(spec: SyntheticImageSpec): Promise<Buffer> {
  const { width, height, format } = spec;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`Invalid synthetic image size ${width}x${height}`);
  }
  // Density 72 makes one SVG user unit one pixel.
  const svg = Buffer.from(syntheticImageSvg(spec));
  const image = spec.inputImage
    ? sharp(spec.inputImage).resize(width, height, { fit: "cover" }).composite([{ input: svg, density: 72 }]).removeAlpha()
    : sharp(svg, { density: 72 }).removeAlpha();
  // Encoders set for speed over size: the files are throwaway, and the default settings (Huffman
  // optimisation, zlib level 6, WebP effort 4) would double the render time of a 4 MP picture.
  switch (format) {
    case "jpeg":
      return image.jpeg({ quality: 85, optimiseCoding: false }).toBuffer();
    case "png":
      return image.png({ compressionLevel: 2 }).toBuffer();
    case "webp":
      return image.webp({ quality: 80, effort: 0 }).toBuffer();
    default:
      throw new Error(`Unsupported synthetic image format: ${String(format)}`);
  }
}

/** The picture as SVG, before rasterising: exported so tests can read what it says. */
export function syntheticImageSvg(spec: SyntheticImageSpec): string {
  const { width: w, height: h } = spec;
  const random = hashStream(`${spec.prompt}\u0000${spec.seed}`);
  // Text scales with the picture's area so it reads the same from 256x256 to 3136x1344.
  const fontSize = Math.max(10, Math.round(Math.sqrt(w * h) / 46));
  const lineHeight = Math.round(fontSize * 1.3);
  const margin = Math.round(fontSize * 0.9);
  const pad = Math.round(fontSize * 0.7);

  const innerWidth = w - 2 * margin - 2 * pad;
  const maxChars = Math.max(8, Math.floor(innerWidth / (fontSize * CHAR_EM)));
  const maxLines = Math.max(3, Math.floor((h * 0.55 - 2 * pad) / lineHeight));
  const lines = panelLines(spec, maxChars, maxLines);
  const panelHeight = lines.length * lineHeight + 2 * pad;
  const panelTop = h - margin - panelHeight;

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`,
    // An edit keeps its input as the background, under a wash of the prompt's colour.
    ...(spec.inputImage ? [editWash(w, h, random)] : [background(w, h, random), shapes(w, h, random)]),
    sandboxMark(w, Math.max(panelTop, h * 0.3)),
    `<rect x="${margin}" y="${panelTop}" width="${w - 2 * margin}" height="${panelHeight}"`,
    ` rx="${pad}" fill="#0b0d12" fill-opacity="0.72"/>`,
    // Line lengths are estimated, so wide glyphs (capitals, CJK) could spill: clip to the panel.
    `<clipPath id="panel"><rect x="${margin}" y="${panelTop}" width="${w - 2 * margin - pad}" height="${panelHeight}"/></clipPath>`,
    `<g clip-path="url(#panel)" font-family="${FONT}" font-size="${fontSize}" fill="#f4f6fb">`,
    ...lines.map((line, i) => {
      const y = panelTop + pad + (i + 1) * lineHeight - Math.round(lineHeight * 0.28);
      const weight = line.bold ? ` font-weight="bold"` : "";
      const fill = line.dim ? ` fill="#aab3c5"` : "";
      return `<text x="${margin + pad}" y="${y}"${weight}${fill}>${escapeXml(line.text)}</text>`;
    }),
    `</g></svg>`,
  ].join("");
}

/** An endless stream of numbers in [0, 1) drawn from sha256(seedText, block). */
function hashStream(seedText: string): () => number {
  let block = 0;
  let bytes = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset + 2 > bytes.length) {
      bytes = createHash("sha256").update(`${seedText}\u0000${block++}`).digest();
      offset = 0;
    }
    const value = bytes.readUInt16BE(offset) / 65536;
    offset += 2;
    return value;
  };
}

function hsl(hue: number, saturation: number, lightness: number): string {
  return `hsl(${Math.round(hue) % 360},${saturation}%,${lightness}%)`;
}

// Both gradients run along an axis: cairo fills those almost for free, whereas a diagonal one
// costs ~70 ms at 2752x1536. Crossing a colour ramp with a light-to-dark shade still reads as 2-D.
function background(w: number, h: number, random: () => number): string {
  const hue = random() * 360;
  const spread = 60 + random() * 120;
  const horizontal = random() < 0.5;
  const [ramp, shade] = horizontal ? [`x2="100%" y2="0%"`, `x2="0%" y2="100%"`] : [`x2="0%" y2="100%"`, `x2="100%" y2="0%"`];
  return [
    `<defs><linearGradient id="ramp" x1="0%" y1="0%" ${ramp}>`,
    `<stop offset="0" stop-color="${hsl(hue, 70, 60)}"/>`,
    `<stop offset="0.5" stop-color="${hsl(hue + spread / 2, 65, 48)}"/>`,
    `<stop offset="1" stop-color="${hsl(hue + spread, 65, 34)}"/>`,
    `</linearGradient><linearGradient id="shade" x1="0%" y1="0%" ${shade}>`,
    `<stop offset="0" stop-color="#ffffff" stop-opacity="0.18"/>`,
    `<stop offset="1" stop-color="#000000" stop-opacity="0.32"/>`,
    `</linearGradient></defs>`,
    `<rect width="${w}" height="${h}" fill="url(#ramp)"/>`,
    `<rect width="${w}" height="${h}" fill="url(#shade)"/>`,
  ].join("");
}

function editWash(w: number, h: number, random: () => number): string {
  return `<rect width="${w}" height="${h}" fill="${hsl(random() * 360, 70, 50)}" fill-opacity="0.22"/>`;
}

function shapes(w: number, h: number, random: () => number): string {
  const unit = Math.min(w, h);
  const out: string[] = [];
  const count = 5 + Math.floor(random() * 3);
  for (let i = 0; i < count; i++) {
    const kind = Math.floor(random() * 3);
    const x = random() * w;
    const y = random() * h;
    const size = unit * (0.12 + random() * 0.28);
    const fill = hsl(random() * 360, 75, 50 + random() * 25);
    const opacity = (0.3 + random() * 0.35).toFixed(2);
    const rotation = Math.round(random() * 360);
    const paint = `fill="${fill}" fill-opacity="${opacity}"`;
    if (kind === 0) {
      out.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${(size / 2).toFixed(1)}" ${paint}/>`);
    } else if (kind === 1) {
      const s = size.toFixed(1);
      out.push(
        `<rect x="${(-size / 2).toFixed(1)}" y="${(-size / 2).toFixed(1)}" width="${s}" height="${s}"` +
          ` rx="${(size * 0.08).toFixed(1)}" transform="translate(${x.toFixed(1)} ${y.toFixed(1)}) rotate(${rotation})" ${paint}/>`,
      );
    } else {
      const r = size * 0.6;
      const points = [0, 120, 240]
        .map((deg) => {
          const a = ((deg + rotation) * Math.PI) / 180;
          return `${(x + r * Math.cos(a)).toFixed(1)},${(y + r * Math.sin(a)).toFixed(1)}`;
        })
        .join(" ");
      out.push(`<polygon points="${points}" ${paint}/>`);
    }
  }
  return out.join("");
}

/** "SANDBOX" along the diagonal of the area above the text panel, as large as that area allows. */
function sandboxMark(w: number, areaHeight: number): string {
  const angle = Math.atan2(areaHeight, w);
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  const size = Math.min(
    (0.9 * w) / (MARK_EM * cos + MARK_CAP_EM * sin),
    (0.85 * areaHeight) / (MARK_EM * sin + MARK_CAP_EM * cos),
  );
  const deg = ((-angle * 180) / Math.PI).toFixed(2);
  const cx = (w / 2).toFixed(1);
  const cy = (areaHeight / 2).toFixed(1);
  return (
    `<text x="${cx}" y="${cy}" transform="rotate(${deg} ${cx} ${cy})" text-anchor="middle"` +
    ` dominant-baseline="central" font-family="${FONT}" font-weight="bold" font-size="${size.toFixed(1)}"` +
    ` fill="#ffffff" fill-opacity="0.82" stroke="#10131a" stroke-opacity="0.55"` +
    ` stroke-width="${(size * 0.025).toFixed(1)}" paint-order="stroke">SANDBOX</text>`
  );
}

interface PanelLine {
  text: string;
  bold?: boolean;
  dim?: boolean;
}

function panelLines(spec: SyntheticImageSpec, maxChars: number, maxLines: number): PanelLine[] {
  const header: PanelLine[] = [
    { text: truncate(spec.anonymous ? "SANDBOX · host hidden (blind)" : `SANDBOX · ${spec.provider} · ${spec.model}`, maxChars), bold: true },
    { text: truncate(`seed ${spec.seed} · ${spec.width}x${spec.height} · ${spec.format}`, maxChars), dim: true },
    ...(spec.inputImage ? [{ text: truncate("edit of the input image", maxChars), dim: true }] : []),
  ];
  const prompt = wrap(`“${spec.prompt.trim()}”`, maxChars, MAX_PROMPT_LINES).map((text) => ({ text }));
  // Each host names its parameters its own way: a blind picture shows none of them.
  const params = Object.keys(spec.anonymous ? {} : spec.params)
    .sort()
    .filter((key) => spec.params[key] !== undefined && !repeatsHeader(spec, key))
    .map((key) => ({ text: truncate(`${key}: ${describeValue(spec.params[key])}`, maxChars), dim: true }));

  const lines = [...header, ...prompt, ...params];
  if (lines.length <= maxLines) return lines;
  // Small pictures: keep the header and the prompt's start, then say how much was left out.
  const kept = lines.slice(0, maxLines - 1);
  return [...kept, { text: `… ${lines.length - kept.length} more`, dim: true }];
}

// Hosts often echo prompt, seed and size among their parameters: the header already shows them.
function repeatsHeader(spec: SyntheticImageSpec, key: string): boolean {
  const header: Record<string, unknown> = { prompt: spec.prompt, seed: spec.seed, width: spec.width, height: spec.height };
  return key in header && spec.params[key] === header[key];
}

/** A parameter as one short line; payloads such as base64 images become their size. */
function describeValue(value: unknown): string {
  if (typeof value === "string") {
    if (value.length <= LONG_VALUE_CHARS) return value;
    const dataUrl = /^data:([^;,]+)?(;base64)?,/.exec(value);
    const payload = dataUrl ? value.slice(dataUrl[0].length) : value;
    if (dataUrl?.[1]?.startsWith("image/") || isBase64(payload)) {
      return `(image, ${Math.max(1, Math.round(base64Bytes(payload) / 1024))} KB)`;
    }
    return value; // long prose (a negative prompt, say): the line's truncation shows its start
  }
  if (value === null || typeof value !== "object") return String(value);
  // Nested payloads are summarised too, so an array of reference images stays one line.
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === "string" && v.length > LONG_VALUE_CHARS ? describeValue(v) : v,
  );
}

function isBase64(value: string): boolean {
  // Line breaks are allowed (MIME-style base64), spaces are not: prose must not pass for an image.
  return /^[A-Za-z0-9+/_-]+={0,2}$/.test(value.replace(/[\r\n]+/g, ""));
}

function base64Bytes(value: string): number {
  const compact = value.replace(/[\s=]+/g, "");
  return Math.floor((compact.length * 3) / 4);
}

/** Cuts by code point (never half a surrogate pair), before escaping (never half an entity). */
function truncate(text: string, maxChars: number): string {
  const chars = Array.from(text.replace(/\s+/g, " "));
  return chars.length <= maxChars ? chars.join("") : `${chars.slice(0, maxChars - 1).join("")}…`;
}

/** Word-wraps into at most `maxLines` lines; an ellipsis marks a cut. */
function wrap(text: string, maxChars: number, maxLines: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = "";
  let next = 0;
  for (; next < words.length; next++) {
    const candidate = current ? `${current} ${words[next]}` : words[next];
    if (!current || Array.from(candidate).length <= maxChars) {
      current = candidate;
      continue;
    }
    if (lines.length === maxLines - 1) break;
    lines.push(current);
    current = words[next];
  }
  lines.push(current);
  const cut = next < words.length;
  return lines.map((line, i) => truncate(cut && i === lines.length - 1 ? `${line} …` : line, maxChars));
}

// Text reaches librsvg as XML: escape markup and drop characters XML 1.0 forbids, which would
// otherwise make the whole render fail.
function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}
