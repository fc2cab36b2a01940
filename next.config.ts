import type { NextConfig } from "next";
import { maxBodyBytesSetting } from "./lib/security/body-limit";
import { STATIC_FILE_HEADERS } from "./lib/security/headers";

// The largest body a route takes (MAX_BODY_BYTES: an image prompt travels inline, base64).
const maxBodyBytes = maxBodyBytesSetting(process.env.MAX_BODY_BYTES);

const nextConfig: NextConfig = {
  // Native / WASM packages are loaded from node_modules at run time rather than bundled.
  serverExternalPackages: ["@electric-sql/pglite", "sharp", "pg"],
  poweredByHeader: false,
  // The dev server is often opened as 127.0.0.1 (tests, scripts): let it load its own dev assets.
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  images: { unoptimized: true },
  experimental: {
    // An image prompt travels inline (base64) through the "Run" server action.
    serverActions: { bodySizeLimit: maxBodyBytes },
    // Next copies every body the proxy sees and silently cuts it at this size: a margin above our
    // own limit lets the route's reader see a body is too large (413) instead of a cut, broken one.
    proxyClientMaxBodySize: maxBodyBytes + 1024 * 1024,
  },
  // The proxy sets every other response's security headers; it does not run for Next's static files.
  headers: async () => [{ source: "/_next/static/:path*", headers: STATIC_FILE_HEADERS }],
};

export default nextConfig;
