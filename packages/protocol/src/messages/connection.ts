/** Connection handshake and errors (Story 5 AS-1, AS-7, EC-22/23; DESIGN section 3). */
import { z } from 'zod';
import { ErrorMessageSchema, IdSchema, LabelSchema } from '../common.js';
import { WsErrorCodeSchema } from '../envelope.js';

/** Window size in CSS pixels. */
export const WindowSizeSchema = z.object({
  width: z.number().int().nonnegative().max(100_000),
  height: z.number().int().nonnegative().max(100_000),
});

/**
 * `connection:init.capabilities`: what this server speaks. `protocolVersion` is {@link PROTOCOL_VERSION};
 * `maxPayloadBytes` is the WebSocket frame cap in bytes; `clientMessages` lists the client types the
 * router accepts. Extra keys are allowed so the server can advertise more without a contract change.
 */
export const CapabilitiesSchema = z
  .object({
    protocolVersion: LabelSchema,
    serverVersion: LabelSchema.optional(),
    maxPayloadBytes: z.number().int().positive().optional(),
    clientMessages: z.array(z.string().max(64)).max(1000).optional(),
  })
  .catchall(z.unknown());
export type Capabilities = z.infer<typeof CapabilitiesSchema>;

/**
 * `connection:init.featureFlags`: flag name -> whether the backing service is usable right now. Suggested
 * names: `memory` (ChromaDB answers), `observer`, `coachingPipeline`, `explain`, `practice`, `dashboard`,
 * `githubIssues` (`gh` found). Flags must tell the truth about the running services (issue 2).
 */
export const FeatureFlagsSchema = z.record(z.string().min(1).max(64), z.boolean());
export type FeatureFlags = z.infer<typeof FeatureFlagsSchema>;

export const connectionClientMessages = {
  /** Handshake; the server stores the metadata and replies `connection:init` (Story 5 AS-1). */
  'connection:hello': z.object({
    version: LabelSchema,
    platform: LabelSchema,
    windowSize: WindowSizeSchema,
  }),
} as const;

export const connectionServerMessages = {
  /**
   * Handshake reply (Story 5 AS-1): `connectionId` names this socket, `sessionId` the active coaching
   * session or `null` (DESIGN section 3).
   */
  'connection:init': z.object({
    connectionId: IdSchema,
    sessionId: IdSchema.nullable(),
    capabilities: CapabilitiesSchema,
    featureFlags: FeatureFlagsSchema,
  }),
  /**
   * A failure the client should know about (Story 5 AS-7, EC-22/23/26). `context` carries details such as
   * the offending `type` and zod `issues`; never a stack trace.
   */
  'connection:error': z.object({
    code: WsErrorCodeSchema,
    message: ErrorMessageSchema,
    context: z.record(z.string(), z.unknown()).optional(),
  }),
} as const;
