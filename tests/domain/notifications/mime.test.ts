import { describe, expect, it } from "vitest";
import { checkHeaders, EmailHeaderError, encodeWords, mimeMessage } from "../../../src/domain/notifications/mime.ts";
import { readEmail } from "../../mime-reader.ts";

const envelope = { from: "comments@news.example", fromName: "The Daily", to: "reader@example.org" };
const now = new Date("2026-11-30T10:00:00Z");

describe("mimeMessage", () => {
  it("writes a complete message with CRLF line ends, its own Message-ID and Date, and From as the envelope sender", () => {
    const raw = mimeMessage(envelope, { subject: "Hello", text: "Plain text.\nSecond line.", html: "<p>HTML</p>" }, now);
    expect(raw.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const email = readEmail(raw);
    expect(email.headers.get("from")).toBe('"The Daily" <comments@news.example>');
    expect(email.headers.get("to")).toBe("<reader@example.org>");
    expect(email.headers.get("date")).toBe("Mon, 30 Nov 2026 10:00:00 +0000");
    expect(email.headers.get("message-id")).toMatch(/^<[0-9a-f-]{36}@news\.example>$/);
    expect(email.headers.get("mime-version")).toBe("1.0");
    expect(email.headers.get("content-type")).toMatch(/^multipart\/alternative; boundary="=_[0-9a-f-]{36}"$/);
    expect(email.text).toBe("Plain text.\r\nSecond line.");
    expect(email.html).toBe("<p>HTML</p>");
    expect(raw).toContain("Content-Transfer-Encoding: 7bit");
  });

  it("encodes non-ASCII names, subjects and bodies, never splitting a character", () => {
    const subject = `Réponse à « ${"é".repeat(40)} » 🎉`;
    const raw = mimeMessage({ ...envelope, fromName: "Le Monde ☕" }, { subject, text: "Café ☕", html: "<p>Café</p>" }, now);
    expect(raw).toMatch(/^[\x00-\x7f]*$/);
    const email = readEmail(raw);
    expect(email.headers.get("subject")).toBe(subject);
    expect(email.headers.get("from")).toBe("Le Monde ☕ <comments@news.example>");
    expect(email.text).toBe("Café ☕");
    for (const word of raw.match(/=\?UTF-8\?B\?[^?]*\?=/g)!) expect(word.length).toBeLessThanOrEqual(75);
    for (const line of raw.split("\r\n")) expect(line.length).toBeLessThanOrEqual(line.startsWith("From:") ? 998 : 78);
  });

  it("keeps a title's line break from starting a header of its own", () => {
    const raw = mimeMessage(envelope, { subject: "Title\r\nBcc: victim@example.com", text: "x", html: "x" }, now);
    expect(raw).not.toMatch(/^Bcc:/m);
    expect(readEmail(raw).headers.get("subject")).toBe("Title Bcc: victim@example.com");
    expect(encodeWords("a\nb")).toBe("a b");
  });

  it("sends long lines base64-encoded", () => {
    const raw = mimeMessage(envelope, { subject: "Long", text: "word ".repeat(300), html: "x" }, now);
    expect(raw).toContain("Content-Transfer-Encoding: base64");
    expect(readEmail(raw).text).toBe("word ".repeat(300));
  });

  it("refuses headers Cloudflare would refuse before building anything", () => {
    expect(() => mimeMessage(envelope, { subject: "x", text: "x", html: "x", headers: { Date: "now" } }, now)).toThrow(EmailHeaderError);
  });
});

describe("checkHeaders (Cloudflare's allow-list, which the local runtime doesn't enforce)", () => {
  const unsubscribe = { "List-Unsubscribe": "<https://news.example/u?t=1>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };

  it("accepts the one-click unsubscribe pair, automatic-mail markers and X- headers", () => {
    expect(() => checkHeaders({ ...unsubscribe, "Auto-Submitted": "auto-generated", Precedence: "list", "X-Wirepost-Kind": "reply" })).not.toThrow();
    expect(() => checkHeaders({ "List-Unsubscribe": "<mailto:unsubscribe@news.example>, <https://news.example/u>" })).not.toThrow();
    // A local site: no mail program outside can reach it anyway.
    expect(() => checkHeaders({ ...unsubscribe, "List-Unsubscribe": "<http://127.0.0.1:8787/u?t=1>" })).not.toThrow();
  });

  it.each([
    ["a platform-controlled Date", { Date: "Mon, 30 Nov 2026 10:00:00 +0000" }],
    ["a platform-controlled Message-ID", { "Message-ID": "<a@b>" }],
    ["From (an API field)", { From: "x@example.com" }],
    ["Content-Type", { "Content-Type": "text/plain" }],
    ["a name with a space", { "X-Bad Name": "x" }],
    ["an empty value", { "X-Empty": " " }],
    ["a line break", { "X-Multi": "a\r\nBcc: x@example.com" }],
    ["a value over 2048 bytes", { "X-Long": "x".repeat(2049) }],
    ["a non-ASCII value", { "X-Accent": "é" }],
    ["an unknown Precedence", { Precedence: "urgent" }],
    ["a plain-HTTP unsubscribe link", { "List-Unsubscribe": "<http://news.example/u>" }],
    ["an unsubscribe link without brackets", { "List-Unsubscribe": "https://news.example/u" }],
    ["one-click with only a mailto link", { "List-Unsubscribe": "<mailto:u@news.example>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }],
    ["one-click without a link", { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }],
    ["one-click in the wrong case", { ...unsubscribe, "List-Unsubscribe-Post": "list-unsubscribe=one-click" }],
    ["more than 16 KB in all", Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`X-Pad-${i}`, "y".repeat(2000)]))],
    [
      "more than 20 allow-listed fields",
      Object.fromEntries(
        "In-Reply-To References List-Id List-Archive List-Help List-Owner List-Post List-Subscribe Content-Language Keywords Comments Importance Priority Sensitivity Organization Require-Recipient-Valid-Since Expires Reply-By Archived-At"
          .split(" ")
          .map((name) => [name, "x"])
          .concat([
            ["Precedence", "list"],
            ["Auto-Submitted", "auto-generated"],
          ]),
      ),
    ],
  ])("refuses %s", (_, headers: Record<string, string>) => {
    expect(() => checkHeaders(headers)).toThrow(EmailHeaderError);
  });
});
