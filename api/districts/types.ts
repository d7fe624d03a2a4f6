// The JSON the districts feature answers with, as the staff pages read it (import type only).
import type { Jsonified } from "../http/json-types.ts";
import type { districtJson } from "./district-json.ts";

/** A district: its name, level (区 / 县 / 县级市), province, city and bureau. */
export type DistrictView = Jsonified<ReturnType<typeof districtJson>>;
