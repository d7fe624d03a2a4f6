// The decisions of the integrity page: flag clusters with their evidence and
// an "exclude this cluster" action, and the exclusion records with a
// "reverse" action. Both ask for a reason in a small form drawn in place.
import { integrityApi } from "../api-client.ts";
import { type Column, dataTable } from "../data-table.ts";
import { errorText } from "../error-text.ts";
import { count, dateTime } from "../format.ts";
import { $, type Html, html, render } from "../html.ts";
import { label, t } from "../i18n.ts";
import type {
  ExclusionRecordView,
  ExclusionRequest,
  FlagClusterView,
} from "../../../api/integrity/types.ts";

function evidenceValue(value: unknown): string {
  if (typeof value === "number") return count(value);
  if (typeof value === "string") {
    // Episode times arrive as ISO strings: show them in Beijing time like every other time.
    return /^\d{4}-\d\d-\d\dT/.test(value) ? dateTime(value) : value;
  }
  return JSON.stringify(value);
}

function evidenceList(evidence: Record<string, unknown>): Html {
  return html`<dl class="jh-facts">
    ${Object.entries(evidence).map(
      ([k, v]) =>
        html`<dt>${label("evidence", k)}</dt>
          <dd>${evidenceValue(v)}</dd>`,
    )}
  </dl>`;
}

function clusterCard(cluster: FlagClusterView, i: number, editable: boolean): Html {
  const whole = cluster.excluded >= cluster.size;
  const kind = label("flagKind", cluster.kind);
  return html`<li class="jh-card" id="cluster-${i}" data-cluster-index="${i}">
    <h3 class="jh-card__title">${kind}</h3>
    <p>
      ${t("integrity.clusterSize", { size: count(cluster.size), excluded: count(cluster.excluded) })}
      ·
      ${t("integrity.clusterTime", { first: dateTime(cluster.firstAt), last: dateTime(cluster.lastAt) })}
    </p>
    <h4>${t("integrity.evidence")}</h4>
    ${evidenceList(cluster.evidence)}
    ${
      whole
        ? html`<p>
            <span class="jh-badge jh-badge--pass">${t("integrity.clusterExcluded")}</span>
          </p>`
        : editable
          ? html`<p class="jh-actions">
                <button type="button" class="jh-button" data-exclude="${i}">
                  ${t("integrity.excludeCluster")}<span class="jh-visually-hidden"
                    >${t("integrity.excludeLabel", { kind, size: cluster.size })}</span
                  >
                </button>
              </p>
              <div class="jh-decision" id="cluster-${i}-form"></div>`
          : ""
    }
  </li>`;
}

export function clusterList(clusters: readonly FlagClusterView[], editable: boolean): Html {
  if (clusters.length === 0) return html`<p class="jh-hint">${t("integrity.noClusters")}</p>`;
  return html`<ul class="jh-cards" id="integrity-clusters">
    ${clusters.map((c, i) => clusterCard(c, i, editable))}
  </ul>`;
}

function actionText(record: ExclusionRecordView): string {
  if (record.kind === "reverse")
    return t("integrity.actionReverse", { id: record.reverses ?? "?" });
  const action = t("integrity.actionExclude", { count: count(record.responseIds.length) });
  return record.flagCluster
    ? `${action} · ${t("integrity.fromCluster", { kind: label("flagKind", record.flagCluster.kind) })}`
    : action;
}

function stateCell(record: ExclusionRecordView, editable: boolean): Html {
  if (record.kind === "reverse") return html`—`;
  if (record.reversedBy !== null)
    return html`${t("integrity.reversedBy", { id: record.reversedBy })}`;
  return html`${t("integrity.inForce")}
  ${
    editable
      ? html`<button type="button" class="jh-button jh-button--small" data-reverse="${record.id}">
            ${t("integrity.reverse")}<span class="jh-visually-hidden"
              >${t("integrity.reverseLabel", { id: record.id })}</span
            >
          </button>
          <div class="jh-decision" id="reverse-${record.id}-form"></div>`
      : ""
  }`;
}

export function exclusionTable(records: readonly ExclusionRecordView[], editable: boolean): Html {
  if (records.length === 0) return html`<p class="jh-hint">${t("integrity.noExclusions")}</p>`;
  const newestFirst = [...records].sort((a, b) => b.id - a.id);
  const columns: Column<ExclusionRecordView>[] = [
    { label: t("integrity.colRecord"), rowHeader: true, cell: (r) => `#${r.id}` },
    { label: t("integrity.colAction"), cell: actionText },
    { label: t("integrity.colReason"), cell: (r) => r.reason },
    { label: t("integrity.colWho"), cell: (r) => r.actorLabel },
    { label: t("integrity.colWhen"), cell: (r) => dateTime(r.at) },
    { label: t("integrity.colState"), cell: (r) => stateCell(r, editable) },
  ];
  return dataTable(columns, newestFirst, {
    id: "integrity-exclusions",
    caption: t("integrity.exclusionsCaption"),
    compact: true,
    rowAttributes: (r) => ({ "data-record": r.id }),
  });
}

/** Done: the page reloads the report and says what happened. */
export type Decided = (message: string) => void;

/** A reason form in `slot`; sends `request(reason)` and reports the outcome. */
function reasonForm(
  slot: HTMLElement,
  prefix: string,
  confirm: string,
  send: (reason: string) => Promise<string>,
  done: Decided,
): void {
  render(
    slot,
    html`<form class="jh-form" id="${prefix}-reason-form" novalidate>
      <div class="jh-field">
        <label for="${prefix}-reason">${t("integrity.reason")}</label>
        <textarea id="${prefix}-reason" required minlength="2" maxlength="1000" rows="2"></textarea>
      </div>
      <div class="jh-form__error" id="${prefix}-message" role="alert"></div>
      <p class="jh-actions">
        <button type="submit" class="jh-button jh-button--primary">${confirm}</button>
        <button type="button" class="jh-button" data-cancel>${t("integrity.cancel")}</button>
      </p>
    </form>`,
  );
  const form = $<HTMLFormElement>(slot, "form");
  const reason = $<HTMLTextAreaElement>(form, "textarea");
  const message = $(form, `#${prefix}-message`);
  reason.focus();
  $(form, "[data-cancel]").addEventListener("click", () => render(slot, html``));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = reason.value.trim();
    if (text.length < 2) {
      message.textContent = t("integrity.reason");
      reason.setAttribute("aria-invalid", "true");
      reason.focus();
      return;
    }
    const buttons = form.querySelectorAll("button");
    for (const b of buttons) b.disabled = true;
    send(text).then(done, (error: unknown) => {
      message.textContent = errorText(error);
      for (const b of buttons) b.disabled = false;
    });
  });
}

async function decide(campaignId: number, request: ExclusionRequest): Promise<ExclusionRecordView> {
  return integrityApi.exclude(campaignId, request);
}

/**
 * Wires the exclude and reverse buttons inside `root` (one listener: the lists
 * are redrawn after every decision).
 */
export function wireDecisions(
  root: HTMLElement,
  campaignId: number,
  clusters: readonly FlagClusterView[],
  done: Decided,
): void {
  root.addEventListener("click", (event) => {
    const target = event.target as Element;
    const exclude = target.closest<HTMLButtonElement>("button[data-exclude]");
    if (exclude) {
      const i = Number(exclude.dataset.exclude);
      const cluster = clusters[i];
      if (!cluster) return;
      reasonForm(
        $(root, `#cluster-${i}-form`),
        `cluster-${i}`,
        t("integrity.confirmExclude"),
        async (reason) => {
          const record = await decide(campaignId, { flagCluster: cluster.id, reason });
          return t("integrity.excludedOk", { count: record.responseIds.length, id: record.id });
        },
        done,
      );
      return;
    }
    const reverse = target.closest<HTMLButtonElement>("button[data-reverse]");
    if (reverse) {
      const id = Number(reverse.dataset.reverse);
      reasonForm(
        $(root, `#reverse-${id}-form`),
        `reverse-${id}`,
        t("integrity.confirmReverse"),
        async (reason) => {
          const record = await decide(campaignId, { reverses: id, reason });
          return t("integrity.reversedOk", { id, record: record.id });
        },
        done,
      );
    }
  });
}
