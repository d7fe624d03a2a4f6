// The interviewers feature: interviewer codes per campaign, the code check on interviewer and
// telephone links, and the telephone calls that led to no response.
export {
  refuseStrayInterviewer,
  resolveInterviewer,
  takesInterviewer,
} from "./interviewer-check.ts";
export { interviewerPublicRoutes } from "./public-routes.ts";
export { interviewerRoutes } from "./routes.ts";
