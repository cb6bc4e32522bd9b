import { describe, expect, it } from "vitest";
import { around, commentCountFor, fill, messagesFor, widgetMessagesFor } from "../../../src/domain/messages/catalogue.ts";
import { english, englishWidget } from "../../../src/domain/messages/english.ts";

const LANGUAGES = ["en", "fr", "es", "ur"];

describe("the message catalogue", () => {
  it("ships every message in every language, with its placeholders", () => {
    for (const language of LANGUAGES) {
      const t = messagesFor(language);
      expect(Object.keys(t).sort()).toEqual(Object.keys(english).sort());
      expect(Object.keys(widgetMessagesFor(language)).sort()).toEqual(Object.keys(englishWidget).sort());
      for (const [key, value] of Object.entries({ ...t, ...widgetMessagesFor(language) })) {
        if (typeof value === "string") expect(value.trim(), `${language}.${key}`).not.toBe("");
      }
      for (const key of ["leaveReplyTo", "replyTo", "inReplyTo"] as const) expect(t[key], `${language}.${key}`).toContain("{name}");
      expect(t.privacyNote).toContain("{required}");
      if (language !== "en") expect(t.leaveReply).not.toBe(english.leaveReply);
    }
  });

  it("says WordPress's words in English, as our pages always have", () => {
    expect(english).toMatchObject({
      leaveReply: "Leave a Reply",
      name: "Name",
      email: "Email",
      website: "Website",
      comment: "Comment",
      postComment: "Post Comment",
    });
    expect([0, 1, 2, 12_345].map(english.commentCount)).toEqual(["No comments yet", "1 Comment", "2 Comments", "12,345 Comments"]);
    expect(english.correctFields(1)).toBe("Please correct the field marked below.");
    expect(english.correctFields(3)).toBe("Please correct the 3 fields marked below.");
  });

  it("picks a language by its primary subtag, English when it isn't shipped; Urdu is right to left", () => {
    expect(messagesFor("fr-CA")).toBe(messagesFor("fr"));
    expect(messagesFor("ES_mx").postComment).toBe("Publicar el comentario");
    expect(messagesFor("de")).toBe(english);
    expect(messagesFor("")).toBe(english);
    // A page's lang is the host's to write: names of Object.prototype's members are just unknown languages.
    for (const odd of ["constructor", "toString", "__proto__"]) expect(messagesFor(odd)).toBe(english);
    expect(LANGUAGES.map((language) => messagesFor(language).dir)).toEqual(["ltr", "ltr", "ltr", "rtl"]);
  });

  it("counts in each language, count.js's words the same as the pages'", () => {
    for (const language of LANGUAGES) {
      for (const n of [0, 1, 2, 1500]) expect(commentCountFor(language)(n)).toBe(messagesFor(language).commentCount(n));
    }
    expect(messagesFor("fr").commentCount(1500)).toMatch(/^1\s?500 commentaires$/u);
    expect(messagesFor("ur").commentCount(3)).toBe("3 تبصرے");
  });

  it("fills and splits templates around a placeholder", () => {
    expect(fill("Reply to {name}", "name", "Ada")).toBe("Reply to Ada");
    expect(around("{name} کو جواب دیں", "name")).toEqual(["", " کو جواب دیں"]);
    expect(around("No placeholder", "name")).toEqual(["No placeholder", ""]);
  });
});
