// `npm run dev`: both Workers in wrangler dev on 127.0.0.1:8787, as they are
// (no secrets generated, no migrations, no import, no local email sender:
// `npm start` does those). Extra arguments go to wrangler dev.
import { serveLocally } from "./lib/local-site.ts";

serveLocally(process.argv.slice(2), {});
