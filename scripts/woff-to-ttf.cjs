// WOFF 1.0 -> sfnt (TTF/OTF): inflate each table and lay them out again. `node scripts/woff-to-ttf.cjs in.woff out.ttf`
// (how lib/shares/fonts/*.ttf were made: sharp/Pango reads TTF, @fontsource ships WOFF).
const fs = require("fs"), zlib = require("zlib");
const [src, dst] = process.argv.slice(2);
const w = fs.readFileSync(src);
if (w.toString("latin1", 0, 4) !== "wOFF") throw new Error("not WOFF 1.0");
const flavor = w.readUInt32BE(4), n = w.readUInt16BE(12);
const tables = [];
for (let i = 0; i < n; i++) {
  const o = 44 + i * 20;
  const [tag, off, comp, orig, sum] = [w.readUInt32BE(o), w.readUInt32BE(o + 4), w.readUInt32BE(o + 8), w.readUInt32BE(o + 12), w.readUInt32BE(o + 16)];
  const raw = w.subarray(off, off + comp);
  tables.push({ tag, sum, data: comp < orig ? zlib.inflateSync(raw) : raw });
}
const pow = 2 ** Math.floor(Math.log2(n));
const head = Buffer.alloc(12 + 16 * n);
head.writeUInt32BE(flavor, 0); head.writeUInt16BE(n, 4); head.writeUInt16BE(pow * 16, 6); head.writeUInt16BE(Math.log2(pow), 8); head.writeUInt16BE(n * 16 - pow * 16, 10);
let offset = head.length; const parts = [head];
tables.forEach((t, i) => {
  const r = 12 + i * 16;
  head.writeUInt32BE(t.tag, r); head.writeUInt32BE(t.sum, r + 4); head.writeUInt32BE(offset, r + 8); head.writeUInt32BE(t.data.length, r + 12);
  const pad = (4 - (t.data.length % 4)) % 4;
  parts.push(t.data, Buffer.alloc(pad)); offset += t.data.length + pad;
});
fs.writeFileSync(dst, Buffer.concat(parts));
