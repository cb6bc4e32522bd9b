import { describe, expect, it } from "vitest";
import { initialStatus, type ModerationFacts, publicStatus } from "../../../src/domain/comments/moderation.ts";

const facts = (overrides: Partial<ModerationFacts>): ModerationFacts => ({
  mode: "first-time",
  linkCount: 0,
  previouslyApproved: false,
  copiesAnother: false,
  looksAutomated: false,
  ...overrides,
});

describe("initialStatus", () => {
  it.each<[Partial<ModerationFacts>, string]>([
    [{}, "pending"],
    [{ previouslyApproved: true }, "approved"],
    [{ previouslyApproved: true, linkCount: 2 }, "approved"],
    [{ previouslyApproved: true, linkCount: 3 }, "pending"],
    [{ mode: "none" }, "approved"],
    [{ mode: "none", linkCount: 3 }, "pending"],
    [{ mode: "all", previouslyApproved: true }, "pending"],
    [{ mode: "none", previouslyApproved: true, looksAutomated: true }, "spam"],
  ])("%j → %s", (overrides, expected) => {
    expect(initialStatus(facts(overrides))).toBe(expected);
  });

  it("answers spam as pending", () => {
    expect(publicStatus("spam")).toBe("pending");
    expect(publicStatus("approved")).toBe("approved");
  });
});
