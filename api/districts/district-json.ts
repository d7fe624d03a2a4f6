import type { District } from "../db/database.ts";

/** A district as staff pages and the respondent page read it. */
export function districtJson(d: District) {
  return {
    id: d.id,
    name: d.name,
    level: d.level,
    province: d.province,
    city: d.city,
    bureauName: d.bureau_name,
  };
}
