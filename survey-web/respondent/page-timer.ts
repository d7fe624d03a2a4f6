/**
 * Seconds spent on each page, by page name. Time while the page is hidden
 * (the parent switched to a WeChat chat) does not count, and totals carry
 * over from a restored draft.
 */
export class PageTimer {
  private readonly totals: Record<string, number>;
  private page: string | null = null;
  private since: number | null = null;

  constructor(
    private readonly now: () => number,
    initial: Record<string, number> = {},
  ) {
    this.totals = { ...initial };
  }

  /** The respondent is now looking at `page` (null: no page, e.g. after completing). */
  enter(page: string | null): void {
    this.pause();
    this.page = page;
    this.resume();
  }

  pause(): void {
    if (this.page !== null && this.since !== null) {
      const seconds = Math.max(0, (this.now() - this.since) / 1000);
      this.totals[this.page] = (this.totals[this.page] ?? 0) + seconds;
    }
    this.since = null;
  }

  resume(): void {
    if (this.page !== null && this.since === null) this.since = this.now();
  }

  /** Totals so far, rounded to tenths, including the running page. */
  snapshot(): Record<string, number> {
    const out: Record<string, number> = {};
    const running =
      this.page !== null && this.since !== null ? (this.now() - this.since) / 1000 : 0;
    const names = new Set([...Object.keys(this.totals), ...(this.page ? [this.page] : [])]);
    for (const name of names) {
      const seconds = (this.totals[name] ?? 0) + (name === this.page ? running : 0);
      out[name] = Math.round(seconds * 10) / 10;
    }
    return out;
  }
}
