import { describe, expect, it } from "vitest";
import { decryptEmail, emailKeyring, encryptEmail, KeyConfigurationError, keyedHash, timingSafeEqualStrings } from "../../src/domain/privacy.ts";

const KEY_1 = "1:" + btoa("k".repeat(32)).replace(/=+$/, "");
const KEY_2 = "2:" + btoa("z".repeat(32)).replace(/=+$/, "");

describe("email encryption", () => {
  it("round-trips with a fresh IV each time", async () => {
    const keyring = await emailKeyring(KEY_1);
    const a = await encryptEmail(keyring, "ada@example.com", "comment:1");
    const b = await encryptEmail(keyring, "ada@example.com", "comment:1");
    expect(a).not.toBe(b);
    expect(a).not.toContain("ada");
    expect(await decryptEmail(keyring, a, "comment:1")).toBe("ada@example.com");
  });

  it("refuses a ciphertext moved to another row", async () => {
    const keyring = await emailKeyring(KEY_1);
    const stored = await encryptEmail(keyring, "ada@example.com", "comment:1");
    await expect(decryptEmail(keyring, stored, "comment:2")).rejects.toThrow();
  });

  it("reads old values after a key rotation and writes with the new key", async () => {
    const old = await encryptEmail(await emailKeyring(KEY_1), "ada@example.com", "c");
    const rotated = await emailKeyring(`${KEY_2},${KEY_1}`);
    expect(await decryptEmail(rotated, old, "c")).toBe("ada@example.com");
    expect((await encryptEmail(rotated, "x@example.com", "c")).startsWith("2.")).toBe(true);
  });

  it.each([undefined, "", "nokey", "1:short", `1:${btoa("k".repeat(31))}`, `${KEY_1},${KEY_1.replace("1:", "1:x")}`, `2:${KEY_1.slice(2)},${KEY_2}`])(
    "refuses the EMAIL_KEY %j",
    async (secret) => {
      await expect(emailKeyring(secret)).rejects.toThrow(KeyConfigurationError);
    },
  );
});

describe("keyedHash", () => {
  it("depends on key and purpose, and is stable", async () => {
    const a = await keyedHash("key-a", "email", "ada@example.com");
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await keyedHash("key-a", "email", "ada@example.com")).toBe(a);
    expect(await keyedHash("key-b", "email", "ada@example.com")).not.toBe(a);
    expect(await keyedHash("key-a", "ip", "ada@example.com")).not.toBe(a);
  });
});

describe("timingSafeEqualStrings", () => {
  it("compares exactly", () => {
    expect(timingSafeEqualStrings("secret", "secret")).toBe(true);
    expect(timingSafeEqualStrings("secret", "secreT")).toBe(false);
    expect(timingSafeEqualStrings("secret", "secret-longer")).toBe(false);
    expect(timingSafeEqualStrings("", "")).toBe(true);
  });
});
