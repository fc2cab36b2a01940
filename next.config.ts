import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native / WASM packages are loaded from node_modules at run time rather than bundled.
  serverExternalPackages: ["@electric-sql/pglite", "sharp", "pg"],
  poweredByHeader: false,
  images: { unoptimized: true },
  // An image prompt travels inline (base64) through the "Run" server action.
  experimental: { serverActions: { bodySizeLimit: "15mb" } },
};

export default nextConfig;
