/**
 * The e2e image site's port (tests/support/image-server.ts, started by the image-URL spec), next to
 * Playwright's other ports: the app servers exempt it from the address guard (IMAGE_FETCH_ALLOW_HOSTS).
 */
export const imageSitePort = (basePort = Number(process.env.E2E_PORT ?? 3210)) => basePort + 92;
