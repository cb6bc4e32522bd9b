// What `npm run deploy` checks first. Pure (wrangler's parsed configuration
// of each Worker and its secret names in, problems out), so it is unit-tested.

/** The part of wrangler's configuration (`unstable_readConfig`) a deploy depends on. */
export interface DeployConfig {
  name?: string | undefined;
  workers_dev?: boolean | undefined;
  preview_urls?: boolean | undefined;
  routes?: unknown[] | undefined;
  route?: unknown;
  d1_databases: { binding: string; database_id?: string | undefined }[];
  r2_buckets: { binding: string; bucket_name?: string | undefined }[];
  queues: { producers?: { binding: string; queue: string }[] | undefined };
  services?: { binding: string; service?: string | undefined }[] | undefined;
  vars: Record<string, unknown>;
  secrets?: { required?: string[] | undefined } | undefined;
}

/** One of the site's two Workers as a deploy would send it. */
export interface WorkerToDeploy {
  /** Its configuration file, as the README's commands name it. */
  file: string;
  config: DeployConfig;
  /** Its secrets from `wrangler secret list`, or undefined when they couldn't be listed (that is a problem too: unchecked). */
  secretNames: readonly string[] | undefined;
}

/** wrangler.toml's database_id until the owner pastes the one `wrangler d1 create` prints. */
export const PLACEHOLDER_DATABASE_ID = "00000000-0000-0000-0000-000000000000";

/** `-c <file>` for a command on the admin Worker; nothing for the reader's wrangler.toml, wrangler's default. */
const configFlag = (file: string) => (file === "wrangler.toml" ? "" : ` -c ${file}`);

function databaseProblems({ file, config }: WorkerToDeploy): string[] {
  return config.d1_databases
    .filter((database) => !database.database_id || database.database_id === PLACEHOLDER_DATABASE_ID)
    .map(
      (database) =>
        `${file}: database_id of the D1 database ${database.binding} is still the placeholder: run \`npx wrangler d1 create wirepost\` and paste the database_id it prints`,
    );
}

function siteUrlProblems({ file, config }: WorkerToDeploy): string[] {
  const siteUrl = config.vars.SITE_URL;
  if (typeof siteUrl !== "string" || siteUrl.trim() === "") {
    return [`${file}: SITE_URL is empty: set it to the site's address, e.g. "https://news.example.com"`];
  }
  if (!/^https?:$/.test(URL.parse(siteUrl)?.protocol ?? "")) {
    return [`${file}: SITE_URL "${siteUrl}" is not an absolute http(s) URL, e.g. "https://news.example.com"`];
  }
  if (config.vars.EMAIL_FROM && config.vars.EMAIL_READERS === "true" && !siteUrl.startsWith("https://")) {
    // Cloudflare refuses a plain-HTTP List-Unsubscribe: every reader email would fail.
    return [`${file}: EMAIL_READERS is true but SITE_URL "${siteUrl}" is not https: readers' unsubscribe links must be https`];
  }
  return [];
}

function secretProblems({ file, config, secretNames }: WorkerToDeploy): string[] {
  const worker = config.name ?? file;
  if (secretNames === undefined) {
    return [
      `the secrets of ${worker} could not be listed (wrangler's error is above): log in with \`npx wrangler login\`; a new Worker is created by setting its first secret with \`npx wrangler secret put NAME${configFlag(file)}\``,
    ];
  }
  return (config.secrets?.required ?? [])
    .filter((name) => !secretNames.includes(name))
    .map((name) => `secret ${name} of ${worker} is not set: \`npx wrangler secret put ${name}${configFlag(file)}\` (README, Deploying)`);
}

/**
 * Optional secrets both Workers read: with a webhook, the admin Worker queues
 * the events of what the owner does (it queues nothing when nobody listens)
 * and the reader sends them.
 */
const SHARED_OPTIONAL_SECRETS = ["NOTIFY_WEBHOOK_URL"];

/** `binding → resource` of one kind of binding, for comparing the two Workers'. */
const resources = <T extends { binding: string }>(list: readonly T[] | undefined, resource: (item: T) => unknown) =>
  new Map((list ?? []).map((item) => [item.binding, resource(item)]));

/**
 * What must agree between the two Workers: they serve one site, so the same
 * vars (settings read the same on both sides), the same database and bucket
 * (in both or neither), the same queue under a binding both have, the
 * webhook in both or neither, and the reader's ADMIN binding naming the admin
 * Worker, which has no public address of its own (its writes' purges only
 * reach the cache through the reader).
 */
function pairProblems(reader: WorkerToDeploy, admin: WorkerToDeploy): string[] {
  const problems: string[] = [];
  for (const name of new Set([...Object.keys(reader.config.vars), ...Object.keys(admin.config.vars)])) {
    const [ours, theirs] = [reader.config.vars[name], admin.config.vars[name]];
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) {
      problems.push(
        `${admin.file}: var ${name} is ${JSON.stringify(theirs)} but ${JSON.stringify(ours)} in ${reader.file}: the two Workers must have the same vars`,
      );
    }
  }
  // The database and the bucket in both Workers or neither; a queue only one of them sends to is its own.
  const kinds: [kind: string, ours: Map<string, unknown>, theirs: Map<string, unknown>, inBoth: boolean][] = [
    ["D1 database", resources(reader.config.d1_databases, (d) => d.database_id), resources(admin.config.d1_databases, (d) => d.database_id), true],
    ["R2 bucket", resources(reader.config.r2_buckets, (b) => b.bucket_name), resources(admin.config.r2_buckets, (b) => b.bucket_name), true],
    ["queue", resources(reader.config.queues.producers, (q) => q.queue), resources(admin.config.queues.producers, (q) => q.queue), false],
  ];
  for (const [kind, ours, theirs, inBoth] of kinds) {
    for (const binding of new Set([...ours.keys(), ...theirs.keys()])) {
      if (!ours.has(binding) || !theirs.has(binding)) {
        const [has, lacks] = ours.has(binding) ? [reader, admin] : [admin, reader];
        if (inBoth) problems.push(`${lacks.file} has no ${kind} ${binding}, which ${has.file} has: bind it in both Workers or neither`);
      } else if (ours.get(binding) !== theirs.get(binding)) {
        problems.push(
          `${admin.file}: the ${kind} ${binding} is ${String(theirs.get(binding))} but ${String(ours.get(binding))} in ${reader.file}: both Workers must use the same one`,
        );
      }
    }
  }
  const bound = reader.config.services?.find((service) => service.binding === "ADMIN")?.service;
  if (bound !== undefined && bound !== admin.config.name) {
    problems.push(`${reader.file}: the ADMIN service binding names ${bound}, but the admin Worker (${admin.file}) is ${admin.config.name}`);
  }
  for (const name of SHARED_OPTIONAL_SECRETS) {
    const [ours, theirs] = [reader.secretNames?.includes(name), admin.secretNames?.includes(name)];
    if (ours !== undefined && theirs !== undefined && ours !== theirs) {
      const [has, lacks] = ours ? [reader, admin] : [admin, reader];
      problems.push(
        `secret ${name} is set on ${has.config.name} but not on ${lacks.config.name}: set it on both (\`npx wrangler secret put ${name}${configFlag(lacks.file)}\`) or neither`,
      );
    }
  }
  const unreachable = "the admin Worker is reached only through the reader (its purges reach the cache only that way)";
  if (admin.config.workers_dev !== false) problems.push(`${admin.file}: workers_dev must be false: ${unreachable}`);
  // Left out, preview_urls keeps whatever the account has: say it.
  if (admin.config.preview_urls !== false) problems.push(`${admin.file}: preview_urls must be false: ${unreachable}`);
  if ((admin.config.routes?.length ?? 0) > 0 || admin.config.route !== undefined) problems.push(`${admin.file}: no routes or custom domains: ${unreachable}`);
  if (reader.secretNames?.includes("ADMIN_TOKEN")) {
    problems.push(
      `secret ADMIN_TOKEN is still set on ${reader.config.name} (from before the split): only the admin Worker needs it: \`npx wrangler secret delete ADMIN_TOKEN\``,
    );
  }
  return problems;
}

/**
 * Why deploying now would give a broken site, each with its fix; empty when
 * ready. Each Worker's configuration and secrets are checked, then what the
 * two must share.
 */
export function deployProblems(reader: WorkerToDeploy, admin: WorkerToDeploy): string[] {
  return [
    ...databaseProblems(reader),
    ...databaseProblems(admin),
    ...siteUrlProblems(reader),
    ...pairProblems(reader, admin),
    ...secretProblems(reader),
    ...secretProblems(admin),
  ];
}
