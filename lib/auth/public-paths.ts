/**
 * What team mode serves without sign-in: share pages with their cards, the images route (which
 * checks each file itself: a share's images are public, others only to their owner), the health
 * check, Auth.js and the sign-in page, the host emulators the server calls itself, static files.
 */
const PUBLIC_PREFIXES = ["/s/", "/api/auth/", "/api/images/", "/api/sandbox/", "/_next/"];
const PUBLIC_PATHS = new Set(["/signin", "/api/health", "/robots.txt", "/favicon.ico", "/icon.svg", "/icon-192.png", "/icon-512.png", "/apple-touch-icon.png", "/manifest.webmanifest"]);

export const isPublicPath = (pathname: string) => PUBLIC_PATHS.has(pathname) || PUBLIC_PREFIXES.some((prefix) => pathname.startsWith(prefix));
