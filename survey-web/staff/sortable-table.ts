import { type Html, type HtmlValue, html, render } from "./html.ts";
import { t } from "./i18n.ts";

export interface Column<R> {
  key: string;
  label: string;
  cell(row: R): HtmlValue;
  /** What the column sorts by; a column without it is not sortable. */
  sortValue?(row: R): number | string | null;
  numeric?: boolean;
}

export interface TableOptions<R> {
  caption: string;
  id: string;
  /** Extra classes for a row (e.g. lagging schools); the row must also say it in words. */
  rowClass?(row: R): string;
  initialSort?: { key: string; descending: boolean };
  empty?: string;
}

type Direction = "ascending" | "descending";

/**
 * A table whose headings sort it (buttons, so keyboards and screen readers can
 * use them; `aria-sort` says the current order). The order survives redraws,
 * so a table refreshed every 10 s does not jump back.
 */
export class SortableTable<R> {
  // Declared, then set in the constructor: no class fields in staff code (survey-web/vite.config.ts).
  declare private readonly container: HTMLElement;
  declare private readonly columns: readonly Column<R>[];
  declare private readonly opts: TableOptions<R>;
  declare private rows: readonly R[];
  declare private sortKey: string | null;
  declare private direction: Direction;

  constructor(container: HTMLElement, columns: readonly Column<R>[], opts: TableOptions<R>) {
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

  private heading(column: Column<R>): Html {
    const numeric = column.numeric ? "jh-num" : "";
    if (!column.sortValue) return html`<th scope="col" class="${numeric}">${column.label}</th>`;
    const active = column.key === this.sortKey;
    return html`<th scope="col" class="${numeric}" aria-sort="${active ? this.direction : "none"}">
      <button type="button" class="jh-sort" data-sort="${column.key}">
        ${column.label}<span class="jh-sort__mark" aria-hidden="true"
          >${active ? (this.direction === "ascending" ? "▲" : "▼") : "↕"}</span
        >
      </button>
    </th>`;
  }

  private draw(): void {
    const rows = this.sorted();
    render(
      this.container,
      html`<div
        class="jh-table-wrap"
        tabindex="0"
        role="region"
        aria-labelledby="${this.opts.id}-caption"
      >
        <table class="jh-table" id="${this.opts.id}">
          <caption id="${this.opts.id}-caption">
            ${this.opts.caption}
            ${
              this.columns.some((c) => c.sortValue)
                ? html`<span class="jh-caption-hint">${t("table.sortHint")}</span>`
                : ""
            }
          </caption>
          <thead>
            <tr>
              ${this.columns.map((c) => this.heading(c))}
            </tr>
          </thead>
          <tbody>
            ${
              rows.length === 0
                ? html`<tr>
                    <td colspan="${this.columns.length}">${this.opts.empty ?? t("table.empty")}</td>
                  </tr>`
                : rows.map(
                    (row) =>
                      html`<tr class="${this.opts.rowClass?.(row) ?? ""}">
                        ${this.columns.map(
                          (c) => html`<td class="${c.numeric ? "jh-num" : ""}">${c.cell(row)}</td>`,
                        )}
                      </tr>`,
                  )
            }
          </tbody>
        </table>
      </div>`,
    );
  }
}
