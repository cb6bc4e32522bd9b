// `npm run build:widget [-- --check]`: bundles the widget (widget/embed.ts,
// widget/count.ts) into public/, which the Worker serves as static assets
// (wrangler.toml's [assets]), never inside its own bundle. Each script is
// written twice: under a name with its content hash, cached for good (pin it,
// with Subresource Integrity if you like), and under its stable name
// (/embed.js, /count.js), cached for minutes so new releases reach hosts
// soon. public/ is committed: `--check` fails when it is not what the
// sources build to (CI runs it).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const OUT = "public";
const SCRIPTS = { embed: "widget/embed.ts", count: "widget/count.ts" } as const;
/** The size the issue promises for embed.js, gzipped. */
const EMBED_BUDGET = 15 * 1024;

const files = new Map<string, string>();
const headers = ["# Written by `npm run build:widget`: how the widget's files are cached.", "/*", "  X-Content-Type-Options: nosniff"];
for (const [name, entry] of Object.entries(SCRIPTS)) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2022",
    write: false,
    legalComments: "none",
    charset: "utf8",
  });
  const text = result.outputFiles[0]!.text;
  const hashed = `${name}.${createHash("sha256").update(text).digest("hex").slice(0, 12)}.js`;
  files.set(hashed, text).set(`${name}.js`, text);
  headers.push(
    `/${name}.js`,
    "  Cache-Control: public, max-age=300",
    `/${hashed}`,
    "  Cache-Control: public, max-age=31536000, immutable",
    // So a host can pin it with Subresource Integrity (crossorigin="anonymous").
    "  Access-Control-Allow-Origin: *",
  );
  const gzipped = gzipSync(text, { level: 9 }).length;
  console.log(`build:widget: ${hashed} ${text.length} bytes, ${gzipped} bytes gzipped`);
  if (name === "embed" && gzipped > EMBED_BUDGET) {
    console.error(`build:widget: embed.js is ${gzipped} bytes gzipped, over its ${EMBED_BUDGET}-byte budget`);
    process.exit(1);
  }
}
files.set("_headers", `${headers.join("\n")}\n`);

const present = readdirSync(OUT);
if (process.argv.includes("--check")) {
  const stale = [...files].filter(([file, text]) => !present.includes(file) || readFileSync(join(OUT, file), "utf8") !== text).map(([file]) => file);
  const extra = present.filter((file) => !files.has(file));
  if (stale.length + extra.length > 0) {
    console.error(`build:widget: public/ is not what widget/ builds to (${[...stale, ...extra].join(", ")}): run \`npm run build:widget\` and commit public/`);
    process.exit(1);
  }
} else {
  for (const file of present) if (!files.has(file)) rmSync(join(OUT, file));
  for (const [file, text] of files) writeFileSync(join(OUT, file), text);
}
