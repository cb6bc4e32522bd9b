import { describe, expect, it } from "vitest";
import type { Comment } from "../../../src/db/schema.ts";
import { threadComments } from "../../../src/domain/comments/public.ts";

const comment = (id: number, parentId: number | null) => ({ id, parentId }) as Comment;

describe("threadComments", () => {
  it("nests replies under their parents in order, and lifts orphans to the top", () => {
    const threads = threadComments([comment(1, null), comment(2, 1), comment(3, null), comment(4, 2), comment(5, 1), comment(6, 99)]);
    const shape = (nodes: ReturnType<typeof threadComments>): unknown => nodes.map((node) => [node.comment.id, shape(node.replies)]);
    expect(shape(threads)).toEqual([
      [
        1,
        [
          [2, [[4, []]]],
          [5, []],
        ],
      ],
      [3, []],
      [6, []],
    ]);
  });
});
