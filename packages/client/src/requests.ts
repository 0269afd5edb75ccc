/**
 * Which client messages are requests, and which server messages answer them. Built from what `apps/server` actually
 * sends with the request's `id` (DESIGN section 3: every reply caused by a message echoes its `id`); any request can
 * also be answered by `connection:error` (an invalid payload, a workspace error such as `FILE_NOT_FOUND`, a failed
 * handler).
 */
import type { ServerMessageOf, ServerMessageType } from '@paige/protocol';

/**
 * Request type -> the server message types that settle it (besides `connection:error`).
 *
 * - `file:open` -> `fs:content` (workspace errors such as `FILE_NOT_FOUND` come as `connection:error`).
 * - `file:save` -> `fs:save_ack` | `fs:save_error` (`CONFLICT`, `PERMISSION_DENIED`, ...).
 * - `user:explain` -> `explain:response` | `explain:error` (several may be in flight at once).
 * - `user:review` -> `review:response` | `review:error`.
 * - `practice:submit_solution` -> `practice:solution_review` | `review:error`.
 * - `practice:load_kata` -> `practice:kata_load` | `review:error` (`KATA_NOT_FOUND`).
 * - `practice:run` -> `practice:run_result` | `practice:run_error` (issue 24; a waiting run first gets
 *   `practice:run_queued` with the same `id`: subscribe with `on`).
 * - `practice:load_challenge`, `practice:answer_quiz`, `practice:explain_back` -> `practice:challenge_load`,
 *   `practice:quiz_result`, `practice:explain_back_review`, or `practice:challenge_error`.
 * - `dashboard:request` -> `dashboard:state` (the immediate reply; `dashboard:issues`, `dashboard:issues_error`,
 *   `dashboard:challenges` and `dashboard:learning_materials` follow with the same `id`: subscribe with `on`).
 * - `dashboard:refresh_issues` -> `dashboard:issues` | `dashboard:issues_error`.
 * - `session:start` -> `session:started`, `session:resume` -> `session:resumed`, `session:end` -> `session:ended`:
 *   the lifecycle broadcast, whose copy for the requester echoes its `id` (failures such as
 *   `SESSION_ALREADY_ACTIVE`, `SESSION_NOT_FOUND`, `NO_ACTIVE_SESSION` come as `connection:error`).
 * - `team:status_request` -> `team:status`; `team:join` -> `team:status` | `team:join_error` (issue 26 item 2);
 *   `team:leave` -> `team:status` (the status after join/leave is broadcast: other windows get it without an id).
 *
 * Not requests (no reply echoes their `id` on success): `buffer:update`, `buffer:edit` (a failure answers
 * `buffer:sync_error`, see `createBufferSync`), `observer:mute` (the Observer broadcasts `observer:status`), and
 * every notification (`editor:*`, `explorer:*`, `hints:*`, `user:idle_*`, `terminal:*`).
 * `connection:hello` is sent by the client itself on every (re)connect.
 */
export const REQUEST_REPLY_TYPES = {
  'file:open': ['fs:content'],
  'file:save': ['fs:save_ack', 'fs:save_error'],
  'user:explain': ['explain:response', 'explain:error'],
  'user:review': ['review:response', 'review:error'],
  'practice:submit_solution': ['practice:solution_review', 'review:error'],
  'practice:load_kata': ['practice:kata_load', 'review:error'],
  'practice:run': ['practice:run_result', 'practice:run_error'],
  'practice:load_challenge': ['practice:challenge_load', 'practice:challenge_error'],
  'practice:answer_quiz': ['practice:quiz_result', 'practice:challenge_error'],
  'practice:explain_back': ['practice:explain_back_review', 'practice:challenge_error'],
  'dashboard:request': ['dashboard:state'],
  'dashboard:refresh_issues': ['dashboard:issues', 'dashboard:issues_error'],
  'session:start': ['session:started'],
  'session:resume': ['session:resumed'],
  'session:end': ['session:ended'],
  'team:status_request': ['team:status'],
  'team:join': ['team:status', 'team:join_error'],
  'team:leave': ['team:status'],
} as const satisfies Record<string, readonly ServerMessageType[]>;

/** Client message types that `request()` accepts. */
export type RequestType = keyof typeof REQUEST_REPLY_TYPES;

/** Server message types that can settle a request of type `T` (its replies plus `connection:error`). */
export type ReplyTypeOf<T extends RequestType> = (typeof REQUEST_REPLY_TYPES)[T][number] | 'connection:error';

/**
 * What `request(T, ...)` resolves with: the whole reply envelope `{ type, payload, id, timestamp }`, a union
 * discriminated on `type` that includes the error replies (`fs:save_error`, `explain:error`, `review:error`,
 * `dashboard:issues_error`, `connection:error`). Narrow with `if (reply.type === 'fs:content')`.
 */
export type ReplyOf<T extends RequestType> = { [K in ReplyTypeOf<T>]: ServerMessageOf<K> }[ReplyTypeOf<T>];

/** True when `type` names a request type. */
export function isRequestType(type: string): type is RequestType {
  return Object.hasOwn(REQUEST_REPLY_TYPES, type);
}
