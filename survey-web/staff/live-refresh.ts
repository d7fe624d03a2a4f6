export interface LiveRefresh {
  /** Whether polling is paused because the tab is hidden. */
  paused(): boolean;
}

export interface LiveRefreshOptions {
  everyMs: number;
  /** Aborted when the page is left: polling stops for good. */
  signal: AbortSignal;
  /** One poll; its failure is the caller's to show. Never runs twice at once. */
  refresh(): Promise<void>;
  /** Called when polling pauses or resumes, and after every poll. */
  onChange(): void;
}

/**
 * Polls every `everyMs` while the tab is visible. A hidden tab stops polling
 * (no traffic from a forgotten tab) and catches up the moment it is shown.
 */
export function liveRefresh(opts: LiveRefreshOptions): LiveRefresh {
  let timer: number | undefined;
  let running = false;
  const hidden = () => document.visibilityState === "hidden";

  const schedule = () => {
    window.clearTimeout(timer);
    if (!opts.signal.aborted && !hidden())
      timer = window.setTimeout(() => void poll(), opts.everyMs);
  };
  async function poll(): Promise<void> {
    if (running || opts.signal.aborted) return;
    running = true;
    try {
      await opts.refresh();
    } finally {
      running = false;
      if (!opts.signal.aborted) {
        opts.onChange();
        schedule();
      }
    }
  }
  const onVisibility = () => {
    opts.onChange();
    if (hidden()) window.clearTimeout(timer);
    else void poll();
  };
  document.addEventListener("visibilitychange", onVisibility);
  opts.signal.addEventListener("abort", () => {
    window.clearTimeout(timer);
    document.removeEventListener("visibilitychange", onVisibility);
  });
  schedule();
  return { paused: hidden };
}
