import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native / WASM packages are loaded from node_modules at run time rather than bundled.
  serverExternalPackages: ["@electric-sql/pglite", "sharp", "pg"],
  poweredByHeader: false,
  // The dev server is often opened as 127.0.0.1 (tests, scripts): let it load its own dev assets.
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  images: { unoptimized: true },
  // An image prompt travels inline (base64) through the "Run" server action.
  experimental: { serverActions: { bodySizeLimit: "15mb" } },
};

export default nextConfig;
