import { describe, expect, it } from "vitest";
import { parseSettings, SettingsError } from "../../src/domain/settings.ts";

describe("parseSettings", () => {
  it("uses WordPress's defaults where a var is empty or absent", () => {
    const settings = parseSettings({ COMMENT_MODERATION: "", COMMENT_FLOOD_SECONDS: " " });
    expect(settings.moderation).toBe("first-time");
    expect(settings.floodIntervalMs).toBe(15_000);
    expect(settings.burstPeriodSeconds).toBe(60);
    expect(settings.turnstile).toBeNull();
    expect(settings.notify).toBeNull();
  });

  it("reads each var the owner set", () => {
    const settings = parseSettings({
      COMMENT_MODERATION: "all",
      COMMENT_FLOOD_SECONDS: "0",
      COMMENT_BURST_PERIOD_SECONDS: "10",
      TURNSTILE_SITE_KEY: "site",
      TURNSTILE_SECRET_KEY: "secret",
      NOTIFY_WEBHOOK_URL: "https://hooks.example/x",
      NOTIFY_INCLUDE_EMAIL: "true",
    });
    expect(settings).toMatchObject({
      moderation: "all",
      floodIntervalMs: 0,
      burstPeriodSeconds: 10,
      turnstile: { siteKey: "site", secretKey: "secret" },
      notify: { webhookUrl: "https://hooks.example/x", includeEmail: true },
    });
  });

  it("turns Turnstile on only with both keys", () => {
    expect(parseSettings({ TURNSTILE_SITE_KEY: "site" }).turnstile).toBeNull();
    expect(parseSettings({ TURNSTILE_SECRET_KEY: "secret" }).turnstile).toBeNull();
  });

  it.each([
    [{ COMMENT_MODERATION: "bogus" }, "COMMENT_MODERATION"],
    [{ COMMENT_FLOOD_SECONDS: "soon" }, "COMMENT_FLOOD_SECONDS"],
    [{ COMMENT_FLOOD_SECONDS: "-1" }, "COMMENT_FLOOD_SECONDS"],
    [{ COMMENT_BURST_PERIOD_SECONDS: "0" }, "COMMENT_BURST_PERIOD_SECONDS"],
  ])("refuses %j with an error naming the var", (vars, name) => {
    expect(() => parseSettings(vars)).toThrow(SettingsError);
    expect(() => parseSettings(vars)).toThrow(name);
  });
});
