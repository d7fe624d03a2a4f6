import { Html, type HtmlValue, escapeHtml, html } from "./html.ts";
import { t } from "./i18n.ts";

/** One column of a table: its heading and how a row fills its cell. */
export interface Column<R> {
  /** The heading; null leaves the corner above the row names an empty data cell (no heading style). */
  label: string | null;
  /** The cell: text (escaped) or `Html`. */
  cell(row: R): HtmlValue;
  /** Figures: heading and cells right-aligned (`jh-num`). */
  numeric?: boolean;
  /** A class for the cells only, not the heading. */
  cellClass?: string;
  /** The cell names its row (`<th scope="row">`). */
  rowHeader?: boolean;
  /** Names the column for sorting (`SortableTable`). */
  key?: string;
  /** What the column sorts by (with `key`); a column without it is not sortable. */
  sortValue?(row: R): number | string | null;
}

export type Direction = "ascending" | "descending";

type Attributes = Readonly<Record<string, string | number | undefined>>;

interface CommonOptions<R> {
  caption: string;
  captionClass?: string;
  /** `jh-table--compact`: smaller padding, for tables beside charts and in the report. */
  compact?: boolean;
  /** More attributes of the `<table>` (e.g. `data-level`). */
  attributes?: Attributes;
  /** Attributes of a row's `<tr>` (a class, `data-*`); empty values are left out. */
  rowAttributes?(row: R): Attributes;
  /** Said in one row across the table when there are no rows; without it the body stays empty. */
  empty?: string;
  /** A `<tfoot>` after the rows. */
  foot?: Html;
  /** The current order: sortable headings become buttons, and the caption says so. */
  sort?: { key: string | null; direction: Direction };
  /**
   * Each cell carries its column's heading as `data-label`, so a stylesheet can show a row as
   * a card of labelled values on a phone.
   */
  labelCells?: boolean;
}

export type TableOptions<R> = CommonOptions<R> &
  (
    | {
        id: string;
        /**
         * The wrapper is a region named by the caption (`captionId`, else `${id}-caption`)
         * and reachable by keyboard, so a table wider than a phone scrolls without a mouse.
         */
        region?: true;
        captionId?: string;
      }
    /** A plain wrapper, the caption without an id (the readiness page's tables). */
    | { id?: string; region: false; captionId?: undefined }
  );

/**
 * An opening tag; attributes without a value are left out. Built as a string, not in a
 * template, so that no formatter can put a space before the `>` (tests read rows by their text).
 */
function openTag(name: string, attributes: Attributes = {}): Html {
  const list = Object.entries(attributes)
    .filter(([, value]) => value !== undefined && value !== "")
    .map(([key, value]) => ` ${key}="${escapeHtml(String(value))}"`);
  return new Html(`<${name}${list.join("")}>`);
}

function numericClass(column: Column<unknown>): string | undefined {
  return column.numeric ? "jh-num" : undefined;
}

function heading<R>(column: Column<R>, sort: TableOptions<R>["sort"]): Html {
  if (column.label === null) return html`<td></td>`;
  const plain = { scope: "col", class: numericClass(column) };
  if (!sort || !column.key || !column.sortValue) {
    return html`${openTag("th", plain)}${column.label}</th>`;
  }
  const active = column.key === sort.key;
  return html`${openTag("th", { ...plain, "aria-sort": active ? sort.direction : "none" })}
    <button type="button" class="jh-sort" data-sort="${column.key}">
      ${column.label}<span class="jh-sort__mark" aria-hidden="true"
        >${active ? (sort.direction === "ascending" ? "▲" : "▼") : "↕"}</span
      >
    </button>
  </th>`;
}

function cell<R>(column: Column<R>, row: R, labelled = false): Html {
  const classes = [numericClass(column), column.cellClass].filter(Boolean).join(" ");
  const content = column.cell(row);
  const label = labelled && column.label !== null ? column.label : undefined;
  return column.rowHeader
    ? html`${openTag("th", { scope: "row", class: classes })}${content}</th>`
    : html`${openTag("td", { class: classes, "data-label": label })}${content}</td>`;
}

/**
 * A captioned table, every value escaped: columns declared as data, one row
 * per item, the headings and cells classed alike. Sorting is `SortableTable`'s:
 * this draws the order it is given.
 */
export function dataTable<R>(
  columns: readonly Column<R>[],
  rows: readonly R[],
  options: TableOptions<R>,
): Html {
  const { id, sort } = options;
  const captionId = options.region === false ? undefined : (options.captionId ?? `${id}-caption`);
  const hint =
    sort && columns.some((c) => c.sortValue)
      ? html` <span class="jh-caption-hint">${t("table.sortHint")}</span>`
      : "";
  const body =
    rows.length === 0 && options.empty !== undefined
      ? html`<tr>
          <td colspan="${columns.length}">${options.empty}</td>
        </tr>`
      : rows.map(
          (row) =>
            html`${openTag("tr", options.rowAttributes?.(row))}
              ${columns.map((column) => cell(column, row, options.labelCells))}
            </tr>`,
        );
  // A region named by its caption, reachable by keyboard: a table wider than a phone scrolls.
  const region = captionId ? { tabindex: 0, role: "region", "aria-labelledby": captionId } : {};
  const compact = options.compact ? " jh-table--compact" : "";
  return html`${openTag("div", { class: "jh-table-wrap", ...region })}
    ${openTag("table", { class: `jh-table${compact}`, id, ...options.attributes })}
      ${openTag("caption", { id: captionId, class: options.captionClass })}
        ${options.caption}${hint}
      </caption>
      <thead>
        <tr>
          ${columns.map((column) => heading(column, sort))}
        </tr>
      </thead>
      <tbody>
        ${body}
      </tbody>
      ${options.foot ?? ""}
    </table>
  </div>`;
}
