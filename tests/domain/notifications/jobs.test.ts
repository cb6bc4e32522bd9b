import { describe, expect, it } from "vitest";
import { retryDelaySeconds } from "../../../src/domain/notifications/jobs.ts";
import { webhookSignature } from "../../../src/domain/notifications/webhook-signature.ts";

describe("retryDelaySeconds", () => {
  it("waits the first delay, doubling with each failed attempt, at most an hour", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((attempts) => retryDelaySeconds(60, attempts))).toEqual([60, 120, 240, 480, 960, 1920, 3600, 3600]);
    expect(retryDelaySeconds(0, 5)).toBe(0);
  });
});

describe("webhookSignature", () => {
  it("is t=<unix>,v1=<hex HMAC-SHA256 of '<t>.<body>'> under the secret", async () => {
    const body = '{"event":"comment.held"}';
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode("whsec"), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    const signature = await webhookSignature("whsec", 1_796_000_000, body);
    const [, t, hex] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature)!;
    expect(t).toBe("1796000000");
    const mac = Uint8Array.from(hex!.match(/../g)!, (byte) => parseInt(byte, 16));
    expect(await crypto.subtle.verify("HMAC", key, mac, new TextEncoder().encode(`1796000000.${body}`))).toBe(true);
    expect(await webhookSignature("whsec", 1_796_000_001, body)).not.toBe(signature);
  });
});
