import { z } from 'zod';
import type { IpcResult } from '../shared/errors.ts';

/**
 * Frames exchanged over the browser host's WebSocket. The page sends requests; the host
 * answers each by id and pushes events. Shared by the host and the page's transport.
 */
export const HostRequestFrameSchema = z.object({
  id: z.number().int().nonnegative(),
  channel: z.string().max(200),
  input: z.unknown().optional(),
});
export type HostRequestFrame = z.infer<typeof HostRequestFrameSchema>;

export type HostResponseFrame = { id: number; result: IpcResult<unknown> };
export type HostEventFrame = { event: string; payload: unknown };
export type HostServerFrame = HostResponseFrame | HostEventFrame;

export const HOST_WEBSOCKET_PATH = '/ws';
export const HOST_SESSION_COOKIE = 'hoiio_host_session';
/** Large enough for any contract payload (imports take file paths, not file bytes). */
export const HOST_MAX_FRAME_BYTES = 1024 * 1024;
