// `in (...)` lists are cut to the parameter limits and their rows put back together in order.
import { describe, expect, it } from "vitest";
import { groupBy, IN_LIST_CHUNK, inChunks } from "./batches.ts";

describe("batched loads", () => {
  it("asks once for a short list, in chunks for a long one, never for an empty one, each id once", async () => {
    const asked: number[][] = [];
    const load = async (chunk: number[]) => {
      asked.push(chunk);
      return chunk.map((id) => ({ id }));
    };
    expect(await inChunks([], load)).toEqual([]);
    expect(asked).toEqual([]);

    expect(await inChunks([3, 1, 3, 2], load)).toEqual([{ id: 3 }, { id: 1 }, { id: 2 }]);
    expect(asked).toEqual([[3, 1, 2]]);

    asked.length = 0;
    const ids = Array.from({ length: IN_LIST_CHUNK * 2 + 1 }, (_, i) => i);
    expect(await inChunks([...ids, ...ids], load)).toEqual(ids.map((id) => ({ id })));
    expect(asked.map((chunk) => chunk.length)).toEqual([IN_LIST_CHUNK, IN_LIST_CHUNK, 1]);
  });

  it("groups rows by key, keeping their order within each group", () => {
    const rows = [
      { ticket: "b", n: 1 },
      { ticket: "a", n: 2 },
      { ticket: "b", n: 3 },
    ];
    expect(groupBy(rows, (r) => r.ticket)).toEqual(
      new Map([
        ["b", [rows[0], rows[2]]],
        ["a", [rows[1]]],
      ]),
    );
    expect(
      groupBy(
        rows,
        (r) => r.ticket,
        (r) => r.n,
      ).get("b"),
    ).toEqual([1, 3]);
  });
});
