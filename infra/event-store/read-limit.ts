/** A read's `maxCount`, checked alike by every adapter; unset means everything. */
export function readLimit(maxCount: number | undefined): number {
  if (maxCount === undefined) return Number.MAX_SAFE_INTEGER;
  if (!Number.isInteger(maxCount) || maxCount < 1) throw new TypeError(`maxCount must be a positive integer, got ${maxCount}`);
  return maxCount;
}
