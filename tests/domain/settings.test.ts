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
    expect(settings.imageTransformations).toBe(false);
    expect(settings.email).toBeNull();
    expect(settings.ownerNotifications).toEqual({ notifyOnComment: false, notifyOnHeld: true, notifyEmails: [] });
    expect(settings.retrySeconds).toBe(60);
    expect(settings.websub).toEqual({ externalHub: null, allowPrivateCallbacks: false });
  });

  it("reads the notification vars: sender, readers, digest window, the owner's choices and the webhook secret", () => {
    const settings = parseSettings({
      EMAIL_FROM: " comments@news.example ",
      EMAIL_READERS: "true",
      NOTIFY_DIGEST_MINUTES: "30",
      NOTIFY_EMAILS: "owner@news.example, editor@news.example",
      NOTIFY_ON_COMMENT: "true",
      NOTIFY_ON_HELD: "false",
      NOTIFY_RETRY_SECONDS: "10",
      NOTIFY_WEBHOOK_URL: "https://hooks.example/x",
      WEBHOOK_SECRET: "whsec",
    });
    expect(settings).toMatchObject({
      email: { from: "comments@news.example", readers: true, digestMs: 30 * 60_000 },
      ownerNotifications: { notifyOnComment: true, notifyOnHeld: false, notifyEmails: ["owner@news.example", "editor@news.example"] },
      retrySeconds: 10,
      notify: { webhookUrl: "https://hooks.example/x", includeEmail: false, secret: "whsec" },
    });
    expect(parseSettings({ EMAIL_FROM: "comments@news.example" }).email).toEqual({ from: "comments@news.example", readers: false, digestMs: 15 * 60_000 });
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
      IMAGE_TRANSFORMATIONS: "on",
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
      imageTransformations: true,
    });
  });

  it("reads the sites that may embed comments: exact origins, comma-separated, none by default", () => {
    expect(parseSettings({}).embedOrigins).toEqual([]);
    expect(parseSettings({ EMBED_ORIGINS: " https://Blog.example.com/ , http://127.0.0.1:8080,https://blog.example.com" }).embedOrigins).toEqual([
      "https://blog.example.com",
      "http://127.0.0.1:8080",
    ]);
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
    [{ IMAGE_TRANSFORMATIONS: "yes" }, "IMAGE_TRANSFORMATIONS"],
    [{ EMAIL_FROM: "Wirepost <comments@news.example>" }, "EMAIL_FROM"],
    [{ EMAIL_FROM: "a@news.example, b@news.example" }, "EMAIL_FROM"],
    [{ NOTIFY_EMAILS: "owner@news.example\r\nBcc: x@example.com" }, "NOTIFY_EMAILS"],
    [{ EMAIL_FROM: "a@news.example", EMAIL_READERS: "yes" }, "EMAIL_READERS"],
    [{ EMAIL_FROM: "a@news.example", NOTIFY_DIGEST_MINUTES: "721" }, "NOTIFY_DIGEST_MINUTES"],
    [{ NOTIFY_ON_HELD: "1" }, "NOTIFY_ON_HELD"],
    [{ NOTIFY_RETRY_SECONDS: "-5" }, "NOTIFY_RETRY_SECONDS"],
    [{ EMBED_ORIGINS: "https://blog.example.com/comments" }, "EMBED_ORIGINS"],
    [{ EMBED_ORIGINS: "blog.example.com" }, "EMBED_ORIGINS"],
    [{ WEBSUB_HUB_URL: "hub.example.net" }, "WEBSUB_HUB_URL"],
    [{ WEBSUB_HUB_URL: "javascript:alert(1)" }, "WEBSUB_HUB_URL"],
    [{ WEBSUB_ALLOW_PRIVATE_CALLBACKS: "yes" }, "WEBSUB_ALLOW_PRIVATE_CALLBACKS"],
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
