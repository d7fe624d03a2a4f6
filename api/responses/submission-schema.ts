import { z } from "zod";

const isoDateTime = z.iso.datetime({ offset: true });

/**
 * The body of `PUT /api/responses/:id`. Answers are checked separately and
 * strictly against the questionnaire version; this only fixes the envelope.
 */
export const submissionSchema = z
  .object({
    channel: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/),
    questionnaire: z.number().int().positive().optional(),
    answers: z.record(z.string(), z.unknown()),
    startedAt: isoDateTime.optional(),
    completedAt: isoDateTime.optional(),
    pageSeconds: z
      .record(
        // Page names from the questionnaire; the pattern also keeps NUL out of jsonb.
        z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
        z
          .number()
          .finite()
          .min(0)
          .max(7 * 24 * 3600),
      )
      .refine((v) => Object.keys(v).length <= 100, "at most 100 pages")
      .optional(),
    deviceToken: z.uuid().optional(),
    /** The interviewer's code, on interviewer and telephone links only (checked against the campaign's). */
    interviewer: z.string().min(1).max(32).optional(),
    locale: z.enum(["zh-cn", "en"]).optional(),
  })
  .strict()
  .refine(
    (b) => !b.startedAt || !b.completedAt || Date.parse(b.startedAt) <= Date.parse(b.completedAt),
    { message: "completedAt is before startedAt", path: ["completedAt"] },
  );

export type Submission = z.infer<typeof submissionSchema>;

/** Any RFC 4122 shaped UUID; the browser makes v4, imports may carry others. */
export const responseIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
