/** Sharing with a team server, as the learner's page sees it (issue 26 item 3: "the page shows the sharing status"). */
import { z } from 'zod';
import { CountSchema, ErrorMessageSchema, IsoTimestampSchema, LabelSchema } from '../common.js';

/** The sharing status: joined or not, the last delivery, the records waiting in the outbox, the last failure. */
export const TeamStatusSchema = z.object({
  /** A team is joined and its token is present. */
  joined: z.boolean(),
  /** The team's name (null when not joined). */
  teamName: LabelSchema.nullable(),
  /** The team server's URL (null when not joined). */
  teamUrl: z.string().max(2048).nullable(),
  /** When the sender last delivered records (null: never since this server started). */
  lastDeliveredAt: IsoTimestampSchema.nullable(),
  /** Records in the outbox not delivered yet. */
  waiting: CountSchema,
  /** The last delivery failure, while it lasts (null when the last attempt succeeded). */
  lastError: ErrorMessageSchema.nullable(),
});
export type TeamStatus = z.infer<typeof TeamStatusSchema>;

export const teamClientMessages = {
  /** Ask for the sharing status (issue 26 item 3). Reply `team:status`. */
  'team:status_request': z.object({}),
} as const;

export const teamServerMessages = {
  /** The sharing status, in reply to `team:status_request`. */
  'team:status': TeamStatusSchema,
} as const;
