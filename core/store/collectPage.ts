import { InvalidParameterError } from "../errors";
import type { Page, PageRequest } from "./KeyRepository";

/** The largest PageSize the API allows (ListKeys, ListAliases: 1 to 100). */
export const MAX_PAGE_SIZE = 100;

/**
 * Checks a page request: PageNumber a whole number from 1, PageSize a whole number from 1 to 100.
 * @throws InvalidParameterError (`PageNumber` or `PageSize`).
 */
export function assertPageRequest(page: PageRequest): void {
  /* Precondition: PageNumber is a whole number of at least 1. */
  if (!Number.isSafeInteger(page.pageNumber) || page.pageNumber < 1) {
    throw new InvalidParameterError("PageNumber", "It must be a whole number of at least 1.");
  }
  /* Precondition: PageSize is a whole number from 1 to 100. */
  if (!Number.isSafeInteger(page.pageSize) || page.pageSize < 1 || page.pageSize > MAX_PAGE_SIZE) {
    throw new InvalidParameterError("PageSize", `It must be a whole number from 1 to ${MAX_PAGE_SIZE}.`);
  }
}

/**
 * One page of the API's listings (PageNumber from 1) out of every match, in the order given: reads all of
 * `matches`, keeps only the requested window and counts the rest for TotalCount.
 * @throws InvalidParameterError for a bad page request; whatever iterating `matches` throws.
 */
export async function collectPage<S, T>(
  matches: AsyncIterable<S>,
  page: PageRequest,
  toItem: (match: S) => T,
): Promise<Page<T>> {
  assertPageRequest(page);
  const first = (page.pageNumber - 1) * page.pageSize;
  const end = first + page.pageSize;
  const items: T[] = [];
  let totalCount = 0;
  for await (const match of matches) {
    if (totalCount >= first && totalCount < end) items.push(toItem(match));
    totalCount++;
  }
  return { items, totalCount, pageNumber: page.pageNumber, pageSize: page.pageSize };
}
