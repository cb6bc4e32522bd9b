import { describe, expect, it } from "vitest";
import { confirmationEmail, ownerEmail, subscriberEmail } from "../../../src/domain/notifications/emails.ts";
import { checkHeaders } from "../../../src/domain/notifications/mime.ts";

const context = { site: { title: "The Daily", language: "en" }, article: { title: 'Ports & "harbours"' } };
const hostile = {
  author: "<b>Mallory</b>",
  body: "<script>alert(1)</script>\n\nhttps://example.com/x?a=1&b=2",
  url: "https://news.example/articles/ports#comment-7",
};
const unsubscribe = {
  article: "https://news.example/notifications/unsubscribe?t=1.2.3.abc",
  everything: "https://news.example/notifications/unsubscribe?t=1.all.3.abc",
};

describe("emails", () => {
  it("carry the comment escaped in HTML and as written in text, with the article title and the permalink", () => {
    const email = subscriberEmail(context, "replies", [hostile], unsubscribe);
    expect(email.subject).toBe('New reply to your comment on "Ports & "harbours""');
    expect(email.html).not.toContain("<script>");
    expect(email.html).not.toContain("<b>Mallory</b>");
    expect(email.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(email.html).toContain("Ports &amp; &quot;harbours&quot;");
    expect(email.text).toContain("<script>alert(1)</script>");
    expect(email.text).toContain(hostile.url);
    expect(email.html).toContain(`href="${hostile.url}"`);
  });

  it("give subscribers both one-click links, and the RFC 8058 headers for this article's", () => {
    const email = subscriberEmail(context, "thread", [hostile, { ...hostile, author: "Bob" }], unsubscribe);
    expect(email.subject).toBe('2 new comments on "Ports & "harbours""');
    expect(email.text).toContain(unsubscribe.article);
    expect(email.text).toContain(unsubscribe.everything);
    expect(email.headers).toEqual({
      "Auto-Submitted": "auto-generated",
      "List-Unsubscribe": `<${unsubscribe.article}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    expect(() => checkHeaders(email.headers!)).not.toThrow();
  });

  it("cut a very long comment, never inside a character", () => {
    const body = `${"x".repeat(1999)}😀${"y".repeat(5000)}`;
    const { text } = subscriberEmail(context, "thread", [{ ...hostile, body }], unsubscribe);
    expect(text).toContain(`${"x".repeat(1999)}…`);
    expect(text).not.toContain("xy");
    expect(text).not.toContain("😀y");
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it("ask an unconfirmed address only to confirm, and say what happens if it wasn't them", () => {
    const email = confirmationEmail(context, "https://news.example/notifications/confirm?t=1.2.abc");
    expect(email.subject).toBe("Confirm comment notifications from The Daily");
    expect(email.text).toContain("https://news.example/notifications/confirm?t=1.2.abc");
    expect(email.text).toContain("nothing more is sent to this address unless it is confirmed");
    expect(email.headers).toEqual({ "Auto-Submitted": "auto-generated" });
  });

  it("give the owner the comment and one-time moderation links", () => {
    const actions: [string, string][] = [
      ["Approve it", "https://news.example/notifications/moderate?t=a"],
      ["Trash it", "https://news.example/notifications/moderate?t=b"],
    ];
    const email = ownerEmail(context, true, { ...hostile, website: "https://mallory.example" }, actions, "https://news.example/admin");
    expect(email.subject).toBe('[The Daily] Please moderate: "Ports & "harbours""');
    expect(email.text).toContain("Approve it:\nhttps://news.example/notifications/moderate?t=a");
    expect(email.text).toContain("Website: https://mallory.example");
    expect(email.text).toContain("works once, for 7 days, without signing in");
    expect(ownerEmail(context, false, { ...hostile, website: null }, [], "x").subject).toBe('[The Daily] Comment: "Ports & "harbours""');
  });
});
