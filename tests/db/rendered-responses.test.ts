import { describe, expect, it } from "vitest";
import { bumpVersions, keepRendered, renderedResponse } from "../../src/db/rendered-responses.ts";
import { db } from "../helpers.ts";

const scope = { build: "test-build", baseUrl: "https://news.example.com" };
const rendering = (body: string, expiresAt: Date | null) => ({ etag: `"${body}"`, lastModified: null, expiresAt, body });

describe("kept renderings", () => {
  it("are served while their tag keeps its version and their time hasn't come, by the database's clock", async () => {
    const key = `/kept-${crypto.randomUUID()}`;
    const tag = `test:${crypto.randomUUID()}`;
    await keepRendered(db(), key, tag, 0, scope, rendering("lasting", new Date(Date.now() + 60_000)));
    expect(await renderedResponse(db(), key, scope, "")).toMatchObject({ body: "lasting", expiresAt: expect.any(Date) });
    // A scheduled article's time (or comments closing) has come: the list rendered before it is not served again.
    await keepRendered(db(), key, tag, 0, scope, rendering("lapsed", new Date(Date.now() - 1)));
    expect(await renderedResponse(db(), key, scope, "")).toBeUndefined();
    await keepRendered(db(), key, tag, 0, scope, rendering("timeless", null));
    expect((await renderedResponse(db(), key, scope, ""))?.body).toBe("timeless");
    await bumpVersions(db(), [tag]);
    expect(await renderedResponse(db(), key, scope, "")).toBeUndefined();
  });
});
