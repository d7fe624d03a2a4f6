// The districts feature's public surface: a bureau's district owns its campaigns and accounts.
export { districtJson } from "./district-json.ts";
export {
  type NewDistrict,
  demoDistrictRow,
  findDistrict,
  hasRealDistrict,
  insertDistrict,
  listDistricts,
} from "./repository.ts";
