import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "../../../core/errors";
import { collectPage } from "../../../core/store/collectPage";

async function* iterate<T>(values: readonly T[]): AsyncGenerator<T> {
  yield* values;
}

describe("collectPage", () => {
  it("returns the window of the page and counts every match (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer(), { maxLength: 60 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 100 }),
        async (values, pageNumber, pageSize) => {
          const page = await collectPage(iterate(values), { pageNumber, pageSize }, (value) => value * 2);
          const start = (pageNumber - 1) * pageSize;
          expect(page.items).toEqual(values.slice(start, start + pageSize).map((value) => value * 2));
          expect(page.totalCount).toBe(values.length);
          expect(page.pageNumber).toBe(pageNumber);
          expect(page.pageSize).toBe(pageSize);
        },
      ),
    );
  });

  it("PageNumber is a whole number of at least 1.", async () => {
    for (const pageNumber of [0, -1, 1.5, Number.NaN]) {
      await expect(collectPage(iterate([1]), { pageNumber, pageSize: 10 }, (v) => v)).rejects.toThrow(
        InvalidParameterError,
      );
    }
    await expect(collectPage(iterate([1]), { pageNumber: 0, pageSize: 10 }, (v) => v)).rejects.toThrow(
      /PageNumber/,
    );
  });

  it("PageSize is a whole number from 1 to 100.", async () => {
    for (const pageSize of [0, 101, 2.5]) {
      await expect(collectPage(iterate([1]), { pageNumber: 1, pageSize }, (v) => v)).rejects.toThrow(
        /PageSize/,
      );
    }
    await expect(
      collectPage(iterate([1]), { pageNumber: 1, pageSize: 100 }, (v) => v),
    ).resolves.toMatchObject({
      totalCount: 1,
    });
  });
});
