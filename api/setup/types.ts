// The JSON the setup endpoints take and answer, as the setup page reads it (import type only).
import type { z } from "zod";
import type { setupSchema } from "./routes.ts";

/** `POST /api/setup`'s body. */
export type SetupBody = z.input<typeof setupSchema>;
