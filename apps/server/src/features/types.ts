/** Shared shapes of the server's feature modules (one file per capability, composed in compose.ts). */
import type { ClientMessageType } from '@paige/protocol';
import type { ClientHandlers } from '../ws/hub.js';

/** The handlers a feature owns: exactly the listed client message types. */
export type HandlerGroup<K extends ClientMessageType> = { [T in K]: ClientHandlers[T] };
