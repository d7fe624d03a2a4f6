// The schools feature's public surface: a campaign's schools, their import and export, and the code lookup.
export {
  type SchoolChoice,
  type SchoolRecord,
  type NewSchool,
  findSchool,
  insertSchool,
  listSchoolChoices,
  listSchoolEnrolment,
  listSchools,
} from "./repository.ts";
export { SchoolDirectory } from "./school-directory.ts";
export { describeRowError, importSchoolsCsv } from "./school-import.ts";
export { schoolsCsv } from "./schools-export.ts";
export { schoolRoutes } from "./routes.ts";
