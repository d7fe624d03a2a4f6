import type { AreaType } from "../../api/schools/types.ts";
import type { Column } from "./data-table.ts";
import { label, t } from "./i18n.ts";

interface SchoolNamed {
  code: string;
  name: string;
  town?: string | null;
  areaType: AreaType;
}

/** Code, name, town and area type, each sortable: the first columns wherever schools are listed. */
export function schoolNameColumns<R extends SchoolNamed>(): Column<R>[] {
  return [
    { key: "code", label: t("school.code"), cell: (s) => s.code, sortValue: (s) => s.code },
    { key: "name", label: t("school.name"), cell: (s) => s.name, sortValue: (s) => s.name },
    {
      key: "town",
      label: t("school.town"),
      cell: (s) => s.town ?? "—",
      sortValue: (s) => s.town ?? null,
    },
    {
      key: "area",
      label: t("school.areaType"),
      cell: (s) => label("area", s.areaType),
      sortValue: (s) => s.areaType,
    },
  ];
}
