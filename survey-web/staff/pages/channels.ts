import { api, links } from "../api-client.ts";
import type { ChannelDraft, ChannelView, CreatableKind } from "../../../api/channels/types.ts";
import type { SchoolView } from "../../../api/schools/types.ts";
import type { Column } from "../data-table.ts";
import { downloadWithProgress } from "../download.ts";
import { errorText } from "../error-text.ts";
import { $, type Html, html, render } from "../html.ts";
import { label, t } from "../i18n.ts";
import { type PageContext, errorBox, heading, loading } from "../page-context.ts";
import { mayCreateChannels, mayDownloadPosters } from "../roles.ts";
import { setTitle } from "../shell.ts";
import { SortableTable } from "../sortable-table.ts";

const kinds: CreatableKind[] = ["school", "class", "wechat_group", "event", "respondent_group"];
type Mode = NonNullable<ChannelDraft["mode"]>;
const modes: Mode[] = ["online", "interviewer", "telephone", "paper"];
type RespondentGroup = NonNullable<ChannelDraft["respondentGroup"]>;

function columns(): Column<ChannelView>[] {
  return [
    // The name lists use: a school's twelve posters are told apart by the school's name.
    { key: "label", label: t("channel.label"), cell: (c) => c.name, sortValue: (c) => c.name },
    {
      key: "kind",
      label: t("channel.kind"),
      cell: (c) => (c.kind ? label("kind", c.kind) : "—"),
      sortValue: (c) => c.kind ?? null,
    },
    {
      key: "school",
      label: t("channel.school"),
      cell: (c) => c.schoolName ?? t("channel.districtWide"),
      sortValue: (c) => c.schoolName,
    },
    {
      key: "group",
      label: t("channel.group"),
      cell: (c) => (c.presetGroup ? label("group", c.presetGroup) : t("channel.anyGroup")),
      sortValue: (c) => c.presetGroup,
    },
    {
      key: "mode",
      label: t("channel.mode"),
      cell: (c) => label("mode", c.mode),
      sortValue: (c) => modes.indexOf(c.mode),
    },
    {
      key: "sharedDevice",
      label: t("channel.sharedDevice"),
      cell: (c) => t(c.sharedDevice ? "channel.sharedDeviceYes" : "channel.sharedDeviceNo"),
      sortValue: (c) => (c.sharedDevice ? 1 : 0),
    },
    {
      key: "link",
      label: t("channel.link"),
      cell: (c) =>
        html`<span class="jh-link-cell">
          <a href="${c.url}" target="_blank" rel="noopener" class="jh-mono">${c.url}</a>
          <button
            type="button"
            class="jh-button jh-button--small"
            data-copy="${c.url}"
            aria-label="${t("channel.copyOne", { label: c.name })}"
          >
            ${t("channel.copy")}
          </button>
        </span>`,
    },
    {
      key: "qr",
      label: t("channel.qr"),
      // The visible word first, then which link it is for, hidden but read out (WCAG 2.5.3).
      cell: (c) => {
        const whose = html`<span class="jh-visually-hidden"
          >${t("channel.ofLink", { label: c.name })}</span
        >`;
        return html`<span class="jh-link-list">
          <a href="${links.qrSvg(c.id)}" target="_blank" rel="noopener">SVG${whose}</a>
          <a href="${links.qrPng(c.id)}" target="_blank" rel="noopener">PNG${whose}</a>
          <a href="${links.poster(c.id)}" target="_blank" rel="noopener"
            >${t("channel.poster")}${whose}</a
          >
        </span>`;
      },
    },
  ];
}

/** `groups`: only those the campaign's questionnaires serve (the API refuses any other). */
function createForm(
  schools: SchoolView[],
  ownSchool: SchoolView | null,
  groups: readonly RespondentGroup[],
): Html {
  return html`<section class="jh-panel" aria-labelledby="create-title">
    <h2 id="create-title">${t("channel.createTitle")}</h2>
    <p class="jh-hint">${t("channel.createExplain")}</p>
    <form id="create-form" class="jh-form" novalidate>
      <div class="jh-field">
        <label for="create-label">${t("channel.label")}</label>
        <input id="create-label" required maxlength="60" aria-describedby="create-label-hint" />
        <p class="jh-hint" id="create-label-hint">${t("channel.labelHint")}</p>
      </div>
      <div class="jh-field">
        <label for="create-kind">${t("channel.kind")}</label>
        <select id="create-kind">
          ${kinds.map((k) => html`<option value="${k}">${label("kind", k)}</option>`)}
        </select>
      </div>
      <div class="jh-field">
        <label for="create-school">${t("channel.school")}</label>
        ${
          ownSchool
            ? html`<select id="create-school" disabled>
                <option value="${ownSchool.id}">${ownSchool.name}</option>
              </select>`
            : html`<select id="create-school">
                <option value="">${t("channel.districtWide")}</option>
                ${schools.map((s) => html`<option value="${s.id}">${s.code} ${s.name}</option>`)}
              </select>`
        }
      </div>
      <div class="jh-field">
        <label for="create-group">${t("channel.group")}</label>
        <select id="create-group">
          <option value="">${t("channel.anyGroup")}</option>
          ${groups.map((g) => html`<option value="${g}">${label("group", g)}</option>`)}
        </select>
      </div>
      <div class="jh-field">
        <label for="create-mode">${t("channel.mode")}</label>
        ${
          ownSchool
            ? html`<select id="create-mode" disabled aria-describedby="create-mode-hint">
                  <option value="online">${label("mode", "online")}</option>
                </select>
                <p class="jh-hint" id="create-mode-hint">${t("channel.modeSchool")}</p>`
            : html`<select id="create-mode" aria-describedby="create-mode-hint">
                  ${modes.map((m) => html`<option value="${m}">${label("mode", m)}</option>`)}
                </select>
                <p class="jh-hint" id="create-mode-hint">${t("channel.modeHint")}</p>`
        }
      </div>
      <div class="jh-field">
        <div class="jh-check">
          <input id="create-shared" type="checkbox" aria-describedby="create-shared-hint" />
          <label for="create-shared">${t("channel.sharedDeviceAllow")}</label>
        </div>
        <p class="jh-hint" id="create-shared-hint">${t("channel.sharedDeviceHint")}</p>
      </div>
      <div id="create-error" class="jh-form__error" role="alert"></div>
      <button type="submit" class="jh-button jh-button--primary">${t("channel.create")}</button>
    </form>
  </section>`;
}

function postersPanel(): Html {
  return html`<section class="jh-panel" aria-labelledby="posters-title">
    <h2 id="posters-title">${t("posters.title")}</h2>
    <p class="jh-hint">${t("posters.explain")}</p>
    <p class="jh-actions">
      <button type="button" class="jh-button jh-button--primary" id="posters-zip">
        ${t("posters.download")}
      </button>
    </p>
    <div class="jh-download" id="posters-progress-box" hidden>
      <label for="posters-progress" id="posters-progress-label">${t("posters.progress")}</label>
      <progress id="posters-progress" max="100"></progress>
      <p id="posters-status" role="status"></p>
    </div>
  </section>`;
}

function kib(bytes: number): string {
  return (bytes / 1024).toLocaleString(undefined, { maximumFractionDigits: 0 });
}

function wirePosters(main: HTMLElement, campaignId: number): void {
  const button = $<HTMLButtonElement>(main, "#posters-zip");
  const box = $(main, "#posters-progress-box");
  const bar = $<HTMLProgressElement>(main, "#posters-progress");
  const status = $(main, "#posters-status");
  button.addEventListener("click", () => {
    button.disabled = true;
    box.hidden = false;
    // Indeterminate until the first byte: the server builds the whole ZIP before it answers.
    bar.removeAttribute("value");
    status.textContent = t("posters.generating");
    downloadWithProgress(links.postersZip(campaignId), `posters-${campaignId}.zip`, (p) => {
      if (p.total) {
        bar.max = p.total;
        bar.value = p.received;
        status.textContent = t("posters.receiving", {
          received: kib(p.received),
          total: kib(p.total),
          share: Math.floor((p.received / p.total) * 100),
        });
      } else {
        status.textContent = t("posters.receivingUnknown", { received: kib(p.received) });
      }
    }).then(
      ({ name }) => {
        button.disabled = false;
        bar.max = 1;
        bar.value = 1;
        status.textContent = t("posters.done", { name });
      },
      (error: unknown) => {
        button.disabled = false;
        box.hidden = true;
        status.textContent = "";
        render($(main, "#posters-error"), errorBox(error));
      },
    );
  });
}

/** Survey links with their QR codes and posters; creating links; every poster as one ZIP. */
export async function channelsPage(ctx: PageContext): Promise<void> {
  const { main, campaign, user, permissions, signal } = ctx;
  setTitle(t("channels.title"), campaign.name);
  render(main, html`${heading(t("channels.title"), campaign.name)}${loading()}`);
  const creates = mayCreateChannels(permissions);
  const [channelsResult, schoolsResult] = await Promise.allSettled([
    api.channels(campaign.id),
    creates ? api.schools(campaign.id) : Promise.resolve([] as SchoolView[]),
  ]);
  if (signal.aborted) return;
  if (channelsResult.status === "rejected") {
    render(
      main,
      html`${heading(t("channels.title"), campaign.name)}${errorBox(channelsResult.reason)}`,
    );
    return;
  }
  let channels = channelsResult.value.channels;
  const { respondentGroups } = channelsResult.value;
  const schools = schoolsResult.status === "fulfilled" ? schoolsResult.value : [];
  const ownSchool =
    user.role === "school" ? (schools.find((s) => s.code === user.schoolCode) ?? null) : null;
  const canCreate = creates && (user.role === "admin" || ownSchool !== null);

  render(
    main,
    html`${heading(t("channels.title"), campaign.name)}
      <div id="posters-error"></div>
      ${mayDownloadPosters(permissions) ? postersPanel() : ""}
      <section class="jh-panel" aria-labelledby="channel-list-title">
        <h2 id="channel-list-title">${t("channels.list")}</h2>
        <div id="channel-state" aria-live="polite"></div>
        <div id="channel-list"></div>
      </section>
      ${canCreate ? createForm(schools, ownSchool, respondentGroups) : ""}`,
  );
  const table = new SortableTable($(main, "#channel-list"), columns(), {
    id: "channels",
    caption: t("channels.caption"),
  });
  table.update(channels);
  const state = $(main, "#channel-state");

  $(main, "#channel-list").addEventListener("click", (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>("button[data-copy]");
    const url = button?.dataset.copy;
    if (!url) return;
    navigator.clipboard?.writeText(url).then(
      () => render(state, html`<p role="status">${t("channel.copied", { url })}</p>`),
      () => render(state, html`<p role="status">${t("channel.copyFailed")}</p>`),
    );
  });
  if (mayDownloadPosters(permissions)) wirePosters(main, campaign.id);

  if (canCreate) {
    const form = $<HTMLFormElement>(main, "#create-form");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const labelInput = $<HTMLInputElement>(form, "#create-label");
      const errorLine = $(form, "#create-error");
      const text = labelInput.value.trim();
      if (!text) {
        errorLine.textContent = t("form.required", { field: t("channel.label") });
        labelInput.focus();
        return;
      }
      const kind = $<HTMLSelectElement>(form, "#create-kind").value as CreatableKind;
      const schoolValue = $<HTMLSelectElement>(form, "#create-school").value;
      const group = $<HTMLSelectElement>(form, "#create-group").value as RespondentGroup | "";
      if ((kind === "school" || kind === "class") && !schoolValue) {
        errorLine.textContent = t("channel.needSchool");
        $(form, "#create-school").focus();
        return;
      }
      if (kind === "respondent_group" && !group) {
        errorLine.textContent = t("channel.needGroup");
        $(form, "#create-group").focus();
        return;
      }
      const draft: ChannelDraft = { label: text, kind };
      if (schoolValue) draft.schoolId = Number(schoolValue);
      if (group) draft.respondentGroup = group;
      if ($<HTMLInputElement>(form, "#create-shared").checked) draft.sharedDevice = true;
      const mode = $<HTMLSelectElement>(form, "#create-mode").value as Mode;
      if (mode !== "online") draft.mode = mode;
      const button = $<HTMLButtonElement>(form, "button[type=submit]");
      button.disabled = true;
      errorLine.textContent = "";
      api
        .createChannel(campaign.id, draft)
        .then(async () => {
          channels = (await api.channels(campaign.id)).channels;
          table.update(channels);
          form.reset();
          render(
            state,
            html`<p class="jh-alert jh-alert--ok" role="status">
              ${t("channel.created", { label: text })}
            </p>`,
          );
        })
        .catch((error: unknown) => {
          errorLine.textContent = errorText(error);
        })
        .finally(() => {
          button.disabled = false;
        });
    });
  }
}
