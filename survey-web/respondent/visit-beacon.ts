/**
 * What the funnel has been told about this visit; kept with the draft so a
 * reload continues the same visit and does not report a stage twice.
 */
export interface VisitState {
  /** v4 UUID, the visit's id on the server. */
  id: string;
  started: boolean;
  /** The furthest 1-based page reported; 0: nothing reported yet. */
  page: number;
}

export interface VisitReporter {
  /** The respondent sees this 1-based page (the first call reports "opened"). */
  page(n: number): void;
  /** An answer was given (only the first is reported). */
  answered(): void;
}

/**
 * Reports funnel stages to `PUT /api/visits/:id`, fire-and-forget: never
 * awaited, never shown, never in the survey's way. A report lost to the
 * network (or a server error) is forgotten so the next event can carry it;
 * a refused one (4xx) is not repeated.
 */
export function visitReporter(
  token: string,
  state: VisitState,
  save: (state: VisitState) => void,
): VisitReporter {
  const send = (stage: string, undo: () => void) => {
    save(state);
    const fail = () => {
      undo();
      save(state);
    };
    try {
      fetch(`/api/visits/${state.id}`, {
        method: "PUT",
        keepalive: true,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ token, stage, page: Math.max(1, state.page) }),
      }).then((res) => res.status < 500 || fail(), fail);
    } catch {
      fail();
    }
  };
  return {
    page(n) {
      const before = state.page;
      if (n <= before) return;
      state.page = n;
      send(before ? "page" : "opened", () => {
        if (state.page === n) state.page = before;
      });
    },
    answered() {
      if (state.started) return;
      state.started = true;
      send("started", () => (state.started = false));
    },
  };
}
