import { adminApp } from "./admin-app.ts";

// The admin Worker's entry point (admin/wrangler.toml): only handlers may be exported from here.
export default {
  fetch: adminApp.fetch,
} satisfies ExportedHandler<AdminEnv>;
