import { describe, expect, it } from "vitest";
import { type ModerationFacts, moderationDecision, publicStatus } from "../../../src/domain/comments/moderation.ts";

const facts = (overrides: Partial<ModerationFacts>): ModerationFacts => ({
  mode: "first-time",
  maxLinks: 2,
  linkCount: 0,
  previouslyApproved: false,
  copiesAnother: false,
  looksAutomated: false,
  commenter: null,
  disallowedKey: undefined,
  moderationKey: undefined,
  ...overrides,
});

describe("moderationDecision", () => {
  it.each<[Partial<ModerationFacts>, string, string | null]>([
    [{}, "pending", "first_time"],
    [{ previouslyApproved: true }, "approved", null],
    [{ previouslyApproved: true, linkCount: 2 }, "approved", null],
    [{ previouslyApproved: true, linkCount: 3 }, "pending", "links"],
    [{ previouslyApproved: true, linkCount: 1, maxLinks: 0 }, "pending", "links"],
    [{ mode: "none", linkCount: 5, maxLinks: 5 }, "approved", null],
    [{ mode: "none" }, "approved", null],
    [{ mode: "none", linkCount: 3 }, "pending", "links"],
    [{ mode: "all", previouslyApproved: true }, "pending", "moderate_all"],
    [{ mode: "none", previouslyApproved: true, looksAutomated: true }, "spam", "bot_signs"],
    [{ mode: "none", commenter: "blocked" }, "spam", "blocked"],
    [{ mode: "none", disallowedKey: "casino" }, "trash", "disallowed_key"],
    [{ mode: "none", moderationKey: "casino" }, "pending", "moderation_key"],
    [{ mode: "all", commenter: "trusted", moderationKey: "casino", linkCount: 9 }, "approved", null],
    [{ commenter: "trusted", disallowedKey: "casino" }, "trash", "disallowed_key"],
    [{ commenter: "trusted", copiesAnother: true }, "pending", "repeated_elsewhere"],
    [{ commenter: "blocked", looksAutomated: true }, "spam", "bot_signs"],
  ])("%j → %s (%s)", (overrides, status, reason) => {
    const decision = moderationDecision(facts(overrides));
    expect(decision.status).toBe(status);
    expect(decision.note?.reason ?? null).toBe(reason);
  });

  it("names the key that matched, for the moderator", () => {
    expect(moderationDecision(facts({ mode: "none", moderationKey: "casino" })).note).toEqual({ reason: "moderation_key", label: "casino", score: null });
    expect(moderationDecision(facts({ mode: "none", linkCount: 4 })).note?.label).toBe("4 links");
  });

  it("answers spam and trash as pending", () => {
    expect(publicStatus("spam")).toBe("pending");
    expect(publicStatus("trash")).toBe("pending");
    expect(publicStatus("approved")).toBe("approved");
  });
});
