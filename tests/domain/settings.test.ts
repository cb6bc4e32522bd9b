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
    expect(settings.globalPurge).toBeNull();
    expect(settings.websub).toEqual({ externalHub: null, allowPrivateCallbacks: false });
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
      WEBSUB_HUB_URL: "https://hub.example.net/",
      WEBSUB_ALLOW_PRIVATE_CALLBACKS: "true",
    });
    expect(settings).toMatchObject({
      websub: { externalHub: "https://hub.example.net/", allowPrivateCallbacks: true },
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
    [{ WEBSUB_HUB_URL: "hub.example.net" }, "WEBSUB_HUB_URL"],
    [{ WEBSUB_HUB_URL: "javascript:alert(1)" }, "WEBSUB_HUB_URL"],
  ])("refuses %j with an error naming the var", (vars, name) => {
    expect(() => parseSettings(vars)).toThrow(SettingsError);
    expect(() => parseSettings(vars)).toThrow(name);
  });
});

describe("EMAIL_KEY", () => {
  const key = (byte: number) => btoa(String.fromCharCode(...new Uint8Array(32).fill(byte))).replace(/=+$/, "");

  it("accepts a rotated keyring, newest first", () => {
    expect(() => parseSettings({ EMAIL_KEY: `2:${key(2)},1:${key(1)}` })).not.toThrow();
  });

  it("refuses a keyring that lists a version twice, naming it", () => {
    expect(() => parseSettings({ EMAIL_KEY: `2:${key(2)},2:${key(1)}` })).toThrow(/EMAIL_KEY lists key version 2 twice/);
  });
});
