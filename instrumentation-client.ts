import { config } from "zod";

// Runs before the app's own modules in the browser. Zod probes for eval (`Function("")`) when its
// first object schema is built; the CSP forbids eval, so the probe only files violation reports.
config({ jitless: true });
