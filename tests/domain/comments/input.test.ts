import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LIMITS } from "../../../src/domain/comments/comment.ts";
import { commentInput, duplicateKey } from "../../../src/domain/comments/input.ts";
import { fieldErrors } from "../../../src/domain/text-fields.ts";

const valid = { author: "Ada", email: "ada@example.com", body: "Hello" };

function errorsFor(payload: unknown) {
  const result = commentInput.safeParse(payload);
  return result.success ? {} : fieldErrors(result.error);
}

describe("commentInput", () => {
  it("trims, normalizes to NFC and keeps only known fields", () => {
    const parsed = commentInput.parse({ ...valid, author: "  Jose\u0301 ", body: "\r\nline one\r\nline two\r\n", status: "approved", id: 5 });
    expect(parsed).toEqual({ author: "José", email: "ada@example.com", url: null, body: "line one\nline two", parentId: null, notify: "none" });
  });

  it("takes notify as none (by default), replies or thread, and names anything else", () => {
    expect(commentInput.parse({ ...valid, notify: "replies" }).notify).toBe("replies");
    expect(commentInput.parse({ ...valid, notify: "thread" }).notify).toBe("thread");
    expect(errorsFor({ ...valid, notify: "everything" })).toEqual({ notify: "Choose none, replies, thread." });
  });

  it.each(["\u200B", "\u200B\u200C\u200D \u2060", "\u202E", "\uFEFF\u00AD", " \t "])("treats an author of only %j as blank", (author) => {
    expect(errorsFor({ ...valid, author })).toEqual({ author: "Enter your name." });
  });

  it("refuses missing required fields by name", () => {
    expect(errorsFor({})).toEqual({ author: "Enter your name.", email: "Enter your email address.", body: "Write a comment." });
  });

  it.each([
    ["author", "a\u0000b"],
    ["author", "line\nbreak"],
    ["body", "bell\u0007"],
    ["body", "nul\u0000"],
    ["body", "c1\u0085control"],
  ])("refuses control characters in %s", (field, value) => {
    expect(Object.keys(errorsFor({ ...valid, [field]: value }))).toEqual([field]);
  });

  it("allows tab and newline in the body", () => {
    expect(commentInput.parse({ ...valid, body: "a\tb\nc" }).body).toBe("a\tb\nc");
  });

  it.each(["plain", "a@b", "two@@example.com", "x@example.com\r\nBcc: y@example.com", "x@example.com\nBcc:y@example.com", "a b@example.com"])(
    "refuses the email %j",
    (email) => {
      expect(errorsFor({ ...valid, email })).toEqual({ email: "Enter a valid email address." });
    },
  );

  it("enforces WordPress's lengths", () => {
    const at = (n: number) => "a".repeat(n);
    expect(errorsFor({ ...valid, author: at(LIMITS.author) })).toEqual({});
    expect(Object.keys(errorsFor({ ...valid, author: at(LIMITS.author + 1) }))).toEqual(["author"]);
    expect(Object.keys(errorsFor({ ...valid, email: `${at(100 - 12)}@example.com` }))).toEqual([]);
    expect(Object.keys(errorsFor({ ...valid, email: `${at(101 - 12)}@example.com` }))).toEqual(["email"]);
    expect(errorsFor({ ...valid, body: at(LIMITS.body) })).toEqual({});
    expect(Object.keys(errorsFor({ ...valid, body: at(LIMITS.body + 1) }))).toEqual(["body"]);
    expect(Object.keys(errorsFor({ ...valid, url: `https://example.com/${at(200)}` }))).toEqual(["url"]);
  });

  it.each([
    [undefined, null],
    [null, null],
    ["", null],
    ["  ", null],
    ["https://example.com/x", "https://example.com/x"],
    ["http://example.com", "http://example.com"],
    ["example.com/me", "https://example.com/me"],
  ])("takes the website %j as %j", (url, expected) => {
    expect(commentInput.parse({ ...valid, url }).url).toBe(expected);
  });

  it.each(["javascript:alert(1)", "data:text/html,x", "ftp://example.com", "https://", "http://localhost", "https://exa mple.com", 42])(
    "refuses the website %j",
    (url) => {
      expect(errorsFor({ ...valid, url })).toEqual({ url: "Enter a valid web address (http:// or https://)." });
    },
  );

  it.each([0, -3, 1.5, "x", "12abc", true, {}])("refuses parentId %j", (parentId) => {
    expect(Object.keys(errorsFor({ ...valid, parentId }))).toEqual(["parentId"]);
  });

  it("never throws, whatever it is given", () => {
    fc.assert(
      fc.property(fc.anything(), (payload) => {
        const result = commentInput.safeParse(payload);
        if (!result.success) expect(Object.keys(fieldErrors(result.error)).length).toBeGreaterThan(0);
      }),
    );
  });

  it("accepts any printable text it is given as author and body, unchanged but for trimming", () => {
    const printable = fc.string({ unit: "grapheme", minLength: 1, maxLength: 200 }).filter((s) => !/[\u0000-\u001F\u007F-\u009F]/.test(s));
    fc.assert(
      fc.property(printable, printable, (author, body) => {
        const result = commentInput.safeParse({ ...valid, author, body });
        const invisible = /[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}\u115F\u1160\u3164\uFFA0]/gu;
        const blank = (s: string) => s.replace(invisible, "").trim() === "";
        if (blank(author) || blank(body)) return;
        expect(result.success).toBe(true);
        if (result.success) {
          // Names lose their invisible characters when stored; comments keep every character.
          expect(result.data.author).toBe(author.normalize("NFC").trim().replace(invisible, "").trim());
          expect(result.data.body).toBe(body.normalize("NFC").trim());
        }
      }),
    );
  });
});

describe("invisible and broken characters", () => {
  // Unicode's own classes, not a hand-made list: an Arabic letter mark, a combining grapheme joiner,
  // a variation selector, a tag character, Hangul fillers, bidi overrides and isolates.
  const invisible = ["\u061C", "\u034F", "\uFE0F", "\u{E0041}", "\u3164", "\u115F", "\uFFA0", "\u202E", "\u2066", "\u200B"];

  it.each(invisible)("counts a name or comment of only %j as blank", (character) => {
    expect(errorsFor({ ...valid, author: character, body: character.repeat(3) })).toEqual({ author: "Enter your name.", body: "Write a comment." });
  });

  it("strips bidi controls and invisible characters from names when stored", () => {
    expect(commentInput.parse({ ...valid, author: "admin\u202Egnp.exe\u202C" }).author).toBe("admingnp.exe");
    expect(commentInput.parse({ ...valid, author: "\u2067Ada\u2069 \u200BLovelace\u061C" }).author).toBe("Ada Lovelace");
  });

  it.each(["author", "email", "url", "body"])("refuses unpaired surrogates in %s, naming the field", (field) => {
    const errors = errorsFor({ ...valid, [field]: `x${"\ud800".repeat(245)}` });
    expect(Object.keys(errors)).toEqual([field]);
  });
});

describe("duplicateKey", () => {
  it("ignores case, spacing and invisible characters", () => {
    expect(duplicateKey("  Hello\n\n  WORLD\u200B ")).toBe(duplicateKey("hello world"));
    expect(duplicateKey("hello world")).not.toBe(duplicateKey("hello, world"));
  });

  it.each(["\u061C", "\u034F", "\uFE0F", "\u{E0041}", "\u3164"])("doesn't let %j make a comment new", (character) => {
    expect(duplicateKey(`Same words${character}`)).toBe(duplicateKey("same words"));
  });
});
