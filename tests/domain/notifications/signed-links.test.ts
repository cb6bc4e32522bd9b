import { describe, expect, it } from "vitest";
import { checkLink, signLink } from "../../../src/domain/notifications/signed-links.ts";

const key = "dGVzdC1oYXNoLWtleS0wMTIzNDU2Nzg5YWJjZGVmMDE";
const now = new Date("2026-11-30T10:00:00Z");
const tomorrow = new Date(now.getTime() + 86_400_000);

describe("signed links", () => {
  it("give back their fields while valid, then say expired", async () => {
    const token = await signLink(key, "unsubscribe", [12, "all"], tomorrow);
    expect(token).toMatch(/^12\.all\.\d+\.[0-9a-f]{32}$/);
    expect(await checkLink(key, "unsubscribe", token, 2, now)).toEqual({ valid: true, fields: ["12", "all"] });
    expect(await checkLink(key, "unsubscribe", token, 2, new Date(tomorrow.getTime() + 1000))).toEqual({ valid: false, reason: "expired" });
  });

  it("are refused when forged: another id or expiry, another purpose, another key, or mangled", async () => {
    const token = await signLink(key, "confirm", [12], tomorrow);
    const [, expires, signature] = token.split(".");
    const invalid = { valid: false, reason: "invalid" };
    expect(await checkLink(key, "confirm", `13.${expires}.${signature}`, 1, now)).toEqual(invalid);
    expect(await checkLink(key, "confirm", `12.${Number(expires) + 3600}.${signature}`, 1, now)).toEqual(invalid);
    expect(await checkLink(key, "unsubscribe", token, 1, now)).toEqual(invalid);
    expect(await checkLink(`${key}x`, "confirm", token, 1, now)).toEqual(invalid);
    for (const mangled of [undefined, "", token.slice(0, -1), `${token}.x`, token.replace(".", ".."), `12.${expires}.${signature!.toUpperCase()}`]) {
      expect(await checkLink(key, "confirm", mangled, 1, now)).toEqual(invalid);
    }
  });

  it("check the signature before the expiry, so a forged old link is invalid, not expired", async () => {
    const old = await signLink(key, "confirm", [12], new Date(now.getTime() - 1000));
    expect(await checkLink(key, "confirm", old, 1, now)).toEqual({ valid: false, reason: "expired" });
    expect(await checkLink(key, "confirm", `${old.slice(0, -1)}0`.replace(/0$/, old.endsWith("0") ? "1" : "0"), 1, now)).toEqual({
      valid: false,
      reason: "invalid",
    });
  });
});
