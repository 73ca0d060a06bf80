/** A part of a text: from `start` up to, not including, `end`. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Adds `span` to `kept` (disjoint spans in text order) unless it overlaps one of them; true when it was added. A
 * binary search finds the first kept span that ends after `span` starts: only that one can overlap it.
 */
export function keepIfApart<T extends Span>(kept: T[], span: T): boolean {
  let low = 0;
  let high = kept.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (kept[middle]!.end <= span.start) low = middle + 1;
    else high = middle;
  }
  if (low < kept.length && kept[low]!.start < span.end) return false;
  kept.splice(low, 0, span);
  return true;
}
