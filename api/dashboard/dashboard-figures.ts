/**
 * The dashboard's small rules, pure so they are tested on their own:
 * how far the campaign is, when a school lags, and the hourly series.
 */

const hourMs = 3600_000;
/** Beyond this many hours (a quarter) the series lists only hours with responses. */
const maxFilledHours = 24 * 92;

/** Share of the campaign window elapsed at `now`, clamped to 0–1. */
export function elapsedShare(opensAt: Date, closesAt: Date, now: Date): number {
  const span = closesAt.getTime() - opensAt.getTime();
  if (span <= 0) return 1;
  return Math.min(1, Math.max(0, (now.getTime() - opensAt.getTime()) / span));
}

/**
 * A school lags when it has fewer parent responses than half of what its
 * target calls for by now, rounded down: responses < ⌊0.5 × target × elapsed⌋.
 * Rounding down gives every school the time to its first due response; half
 * the pro-rata share allows for the evening-heavy, end-loaded arrival of real
 * campaigns without hiding a school that has barely started.
 */
export function isLagging(responses: number, target: number, elapsed: number): boolean {
  return target > 0 && responses < Math.floor(0.5 * target * elapsed);
}

function hourOf(time: number): number {
  return Math.floor(time / hourMs) * hourMs;
}

/**
 * Responses per UTC hour from the opening hour to the current one (or the
 * closing hour), zeros included so a chart's time axis is true; hours with
 * responses outside the window (imports) widen it. A window longer than a
 * quarter lists only the hours that have responses.
 */
export function hourlySeries(
  counts: readonly { hour: Date; responses: number }[],
  opensAt: Date,
  closesAt: Date,
  now: Date,
): { hour: string; responses: number }[] {
  const byHour = new Map(counts.map((c) => [c.hour.getTime(), c.responses]));
  const known = counts.map((c) => c.hour.getTime());
  const until = Math.min(now.getTime(), closesAt.getTime() - 1);
  const first = Math.min(hourOf(opensAt.getTime()), ...known);
  const last = Math.max(until >= opensAt.getTime() ? hourOf(until) : -Infinity, ...known);
  if (!Number.isFinite(first) || !Number.isFinite(last) || last < first) return [];
  if ((last - first) / hourMs >= maxFilledHours) {
    return counts.map((c) => ({ hour: c.hour.toISOString(), responses: c.responses }));
  }
  const series: { hour: string; responses: number }[] = [];
  for (let h = first; h <= last; h += hourMs) {
    series.push({ hour: new Date(h).toISOString(), responses: byHour.get(h) ?? 0 });
  }
  return series;
}
