import { type Column, type Direction, type TableOptions, dataTable } from "./data-table.ts";
import { render } from "./html.ts";
import { t } from "./i18n.ts";

/** The order is the table's own: a `sort` given here is replaced. */
export type SortableTableOptions<R> = TableOptions<R> & {
  initialSort?: { key: string; descending: boolean };
};

/**
 * A table whose headings sort it (buttons, so keyboards and screen readers can
 * use them; `aria-sort` says the current order). The order survives redraws,
 * so a table refreshed every 10 s does not jump back. Without rows it says
 * `empty`, by default "no data".
 */
export class SortableTable<R> {
  // Declared, then set in the constructor: no class fields in staff code (survey-web/vite.config.ts).
  declare private readonly container: HTMLElement;
  declare private readonly columns: readonly Column<R>[];
  declare private readonly opts: SortableTableOptions<R>;
  declare private rows: readonly R[];
  declare private sortKey: string | null;
  declare private direction: Direction;

  constructor(
    container: HTMLElement,
    columns: readonly Column<R>[],
    opts: SortableTableOptions<R>,
  ) {
    this.container = container;
    this.columns = columns;
    this.opts = opts;
    this.rows = [];
    this.sortKey = opts.initialSort?.key ?? null;
    this.direction = opts.initialSort?.descending ? "descending" : "ascending";
    container.addEventListener("click", (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>("button[data-sort]");
      if (!button?.dataset.sort) return;
      const key = button.dataset.sort;
      if (this.sortKey === key) {
        this.direction = this.direction === "ascending" ? "descending" : "ascending";
      } else {
        this.sortKey = key;
        const column = this.columns.find((c) => c.key === key);
        this.direction = column?.numeric ? "descending" : "ascending";
      }
      this.draw();
      this.container.querySelector<HTMLButtonElement>(`button[data-sort="${key}"]`)?.focus();
    });
  }

  update(rows: readonly R[]): void {
    this.rows = rows;
    const focused = document.activeElement;
    const focusKey =
      focused instanceof HTMLButtonElement && this.container.contains(focused)
        ? focused.dataset.sort
        : undefined;
    this.draw();
    if (focusKey) {
      this.container.querySelector<HTMLButtonElement>(`button[data-sort="${focusKey}"]`)?.focus();
    }
  }

  private sorted(): readonly R[] {
    const column = this.columns.find((c) => c.key === this.sortKey);
    const value = column?.sortValue;
    if (!value) return this.rows;
    const sign = this.direction === "ascending" ? 1 : -1;
    return [...this.rows].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      // Missing values last, whichever the direction.
      if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
      if (typeof x === "number" && typeof y === "number") return sign * (x - y);
      return sign * String(x).localeCompare(String(y), "zh-CN");
    });
  }

  private draw(): void {
    render(
      this.container,
      dataTable(this.columns, this.sorted(), {
        ...this.opts,
        empty: this.opts.empty ?? t("table.empty"),
        sort: { key: this.sortKey, direction: this.direction },
      }),
    );
  }
}
