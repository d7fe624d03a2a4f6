/**
 * Figures read within the last `freshMs` are served again, and concurrent
 * requests for the same key share one read ("single flight"). Hundreds of
 * staff polling every 10 s then cost the database one read per key and
 * second, however many they are; the figures are at most `freshMs` old.
 * A failed read is not kept: the next request tries again.
 */
export class FreshFor<T> {
  private readonly entries = new Map<string, { at: number; value: Promise<T> }>();

  constructor(
    private readonly freshMs: number,
    private readonly clock: () => number = () => Date.now(),
  ) {}

  get(key: string, read: () => Promise<T>): Promise<T> {
    const now = this.clock();
    const entry = this.entries.get(key);
    if (entry && now - entry.at < this.freshMs) return entry.value;
    this.prune(now);
    const value = read();
    this.entries.set(key, { at: now, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  /** Old entries go, so keys (campaign × school) cannot pile up. */
  private prune(now: number): void {
    for (const [key, entry] of this.entries) {
      if (now - entry.at >= this.freshMs) this.entries.delete(key);
    }
  }
}
