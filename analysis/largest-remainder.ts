/**
 * Splits a whole number `total` into whole parts proportional to `weights`
 * (Hamilton's largest-remainder method): the parts always add up to `total`,
 * and each is its exact share rounded down or up. Ties go to the earlier one.
 * When every weight is zero the total is split equally.
 */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  if (!Number.isInteger(total) || total < 0)
    throw new RangeError(`total must be a whole number ≥ 0, got ${total}`);
  if (weights.some((w) => !Number.isFinite(w) || w < 0))
    throw new RangeError("weights must be finite and ≥ 0");
  if (weights.length === 0) return [];
  const sum = weights.reduce((a, b) => a + b, 0);
  const shares =
    sum > 0 ? weights.map((w) => (total * w) / sum) : weights.map(() => total / weights.length);
  const parts = shares.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = shares
    .map((share, index) => ({ index, remainder: share - Math.floor(share) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of order) {
    if (left === 0) break;
    parts[index] = (parts[index] ?? 0) + 1;
    left -= 1;
  }
  return parts;
}
