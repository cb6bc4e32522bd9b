// `npm start`: zero-config local site. Generates missing local secrets, migrates
// the local D1, imports content/ (idempotent), then serves both Workers on 127.0.0.1:8787.
import { importArticles } from "./lib/import-articles.ts";
import { LOCAL_EMAIL_VARS, prepareLocalSite, serveLocally } from "./lib/local-site.ts";
import { keepOutbox, LOCAL_OUTBOX } from "./lib/outbox.ts";

prepareLocalSite((line) => console.log(`start: ${line}`));

const { imported, refused } = await importArticles(["content"], "--local");
console.log(`start: ${imported.length} article(s) from content/ up to date`);
for (const error of refused) console.error(`start: skipped ${error.message}`);

// Email works with no setup: every message the site "sends" is kept as an .eml file.
keepOutbox(LOCAL_OUTBOX, (path) => console.log(`start: email kept in ${path}`));
console.log(`start: emails go to ${LOCAL_OUTBOX}/ (one .eml file each; nothing leaves this machine)`);

// The built-in WebSub hub may call subscribers on this machine, so it can be tried locally.
const localVars = { ...LOCAL_EMAIL_VARS, WEBSUB_ALLOW_PRIVATE_CALLBACKS: "true" };

// Both Workers, the reader serving 127.0.0.1:8787 and forwarding the owner's paths to the admin Worker.
serveLocally(process.argv.slice(2), localVars);
