declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    /** The auxiliary subscriber Worker (tests/fixtures/websub-subscriber.js). */
    WEBSUB_SUBSCRIBER: Fetcher;
  }
}
