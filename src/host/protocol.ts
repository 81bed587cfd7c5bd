import type { IpcResult } from '../shared/errors.ts';

/**
 * Frames exchanged over the browser host's WebSocket. The page sends requests; the host
 * answers each by id and pushes events. Shared by the host and the page's transport.
 */
export interface HostRequestFrame {
  /** A non-negative safe integer chosen by the page; the answer carries it back. */
  id: number;
  channel: string;
  input?: unknown;
}

/**
 * The answer to one request frame. `id` is null only for a frame from which no id could be read
 * at all (not JSON, no numeric `id`): the page cannot match it to a request, so its own timeout
 * (HOST_PAGE_TIMEOUT_MS) ends that wait.
 */
export type HostResponseFrame = { id: number | null; result: IpcResult<unknown> };
export type HostEventFrame = { event: string; payload: unknown };
export type HostServerFrame = HostResponseFrame | HostEventFrame;

export const HOST_WEBSOCKET_PATH = '/ws';
export const HOST_SESSION_COOKIE = 'hoiio_host_session';
/**
 * Requests larger than this are answered with an error, the connection kept. Large enough for
 * any contract payload (imports take file paths, not file bytes).
 */
export const HOST_MAX_FRAME_BYTES = 1024 * 1024;
/** Frames larger than this close the connection (WebSocket 1009): reading them is the cost. */
export const HOST_MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
/** The host answers every request within this many ms (a `internal` timeout error if the core has not). */
export const HOST_ANSWER_TIMEOUT_MS = 60_000;
/** The page gives up on a request after this many ms (longer than the host's own bound). */
export const HOST_PAGE_TIMEOUT_MS = 70_000;
