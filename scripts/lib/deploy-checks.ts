// What `npm run deploy` checks first. Pure (wrangler's parsed configuration
// and the Worker's secret names in, problems out), so it is unit-tested.

/** The part of wrangler's configuration (`unstable_readConfig`) a deploy depends on. */
export interface DeployConfig {
  d1_databases: { binding: string; database_id?: string | undefined }[];
  vars: Record<string, unknown>;
  secrets?: { required?: string[] | undefined } | undefined;
}

/** wrangler.toml's database_id until the owner pastes the one `wrangler d1 create` prints. */
export const PLACEHOLDER_DATABASE_ID = "00000000-0000-0000-0000-000000000000";

/**
 * Why deploying now would give a broken site, each with its fix; empty when
 * ready. `secretNames`: the Worker's secrets from `wrangler secret list`, or
 * undefined when they couldn't be listed (that is a problem too: unchecked).
 */
export function deployProblems(config: DeployConfig, secretNames: readonly string[] | undefined): string[] {
  const problems: string[] = [];
  for (const database of config.d1_databases) {
    if (!database.database_id || database.database_id === PLACEHOLDER_DATABASE_ID) {
      problems.push(
        `wrangler.toml: database_id of the D1 database ${database.binding} is still the placeholder: run \`npx wrangler d1 create wirepost\` and paste the database_id it prints`,
      );
    }
  }
  const siteUrl = config.vars.SITE_URL;
  if (typeof siteUrl !== "string" || siteUrl.trim() === "") {
    problems.push('wrangler.toml: SITE_URL is empty: set it to the site\'s address, e.g. "https://news.example.com"');
  } else if (!/^https?:$/.test(URL.parse(siteUrl)?.protocol ?? "")) {
    problems.push(`wrangler.toml: SITE_URL "${siteUrl}" is not an absolute http(s) URL, e.g. "https://news.example.com"`);
  } else if (config.vars.EMAIL_FROM && config.vars.EMAIL_READERS === "true" && !siteUrl.startsWith("https://")) {
    // Cloudflare refuses a plain-HTTP List-Unsubscribe: every reader email would fail.
    problems.push(`wrangler.toml: EMAIL_READERS is true but SITE_URL "${siteUrl}" is not https: readers' unsubscribe links must be https`);
  }
  if (secretNames === undefined) {
    problems.push(
      "the Worker's secrets could not be listed (wrangler's error is above): log in with `npx wrangler login`; a new Worker is created by setting its first secret with `npx wrangler secret put`",
    );
  } else {
    for (const name of config.secrets?.required ?? []) {
      if (!secretNames.includes(name)) problems.push(`secret ${name} is not set: \`npx wrangler secret put ${name}\` (README, Deploying)`);
    }
  }
  return problems;
}
