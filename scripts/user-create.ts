import { parseArgs } from "node:util";
import { StaffAccountError, createStaffAccount } from "../api/staff/staff-accounts.ts";
import { loadConfig } from "../api/config.ts";
import { openDatabase } from "../api/db/open-db.ts";
import { type StaffRole, staffRoles } from "../api/db/database.ts";

/**
 * `npm run user:create -- --role admin --username chen --password '…'
 *   [--district ID | --campaign ID] [--school CODE] [--display-name NAME]`
 * Creates a staff account on the configured database, for operators; a bureau's first
 * admin normally comes from the setup link printed at start-up. An admin without
 * --district (or --campaign, meaning that campaign's district) sees every district.
 * The password is never printed.
 */
const usage = `usage: npm run user:create -- --role ${staffRoles.join("|")} --username NAME --password PASSWORD
       [--district ID | --campaign ID (all but an operator's admin)] [--school CODE (school accounts)]
       [--display-name NAME]`;

function fail(text: string, code: number): never {
  process.stderr.write(`user:create: ${text}\n`);
  process.exit(code);
}

let values: Record<string, string | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      role: { type: "string" },
      username: { type: "string" },
      password: { type: "string" },
      school: { type: "string" },
      campaign: { type: "string" },
      district: { type: "string" },
      "display-name": { type: "string" },
    },
    strict: true,
    allowPositionals: false,
  }));
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`, 2);
}

const { role, username, password, school, campaign, district } = values;
if (!role || !username || !password)
  fail(`--role, --username and --password are required\n${usage}`, 2);
if (!(staffRoles as readonly string[]).includes(role)) {
  fail(`--role must be one of ${staffRoles.join(", ")}\n${usage}`, 2);
}
const campaignId = campaign === undefined ? undefined : Number(campaign);
if (campaignId !== undefined && !(Number.isInteger(campaignId) && campaignId > 0)) {
  fail(`--campaign must be a campaign id (a positive integer)\n${usage}`, 2);
}

const districtId = district === undefined ? undefined : Number(district);
if (districtId !== undefined && !(Number.isInteger(districtId) && districtId > 0)) {
  fail(`--district must be a district id (a positive integer)\n${usage}`, 2);
}

const config = loadConfig();
const handle = await openDatabase(config);
try {
  const user = await createStaffAccount(
    handle.db,
    {
      username,
      password,
      role: role as StaffRole,
      ...(school ? { schoolCode: school } : {}),
      ...(campaignId ? { campaignId } : {}),
      ...(districtId ? { districtId } : {}),
      ...(values["display-name"] ? { displayName: values["display-name"] } : {}),
    },
    { label: "cli" },
  );
  process.stdout.write(`created ${user.role} account "${user.username}" (id ${user.id})\n`);
} catch (error) {
  if (error instanceof StaffAccountError) {
    process.exitCode = 1;
    process.stderr.write(`user:create: ${error.message}\n`);
  } else {
    throw error;
  }
} finally {
  await handle.close();
}
