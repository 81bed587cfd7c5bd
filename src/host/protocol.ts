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
/**
 * The request `id` is still being answered and reported progress (a job's step, an upgrade's step):
 * the page renews its own timeout for it. Sent at most every HOST_WORKING_INTERVAL_MS per request.
 */
export type HostWorkingFrame = { id: number; working: true };
export type HostEventFrame = { event: string; payload: unknown };
export type HostServerFrame = HostResponseFrame | HostWorkingFrame | HostEventFrame;

export const HOST_WEBSOCKET_PATH = '/ws';
export const HOST_SESSION_COOKIE = 'hoiio_host_session';
/**
 * Requests larger than this are answered with an error, the connection kept. Large enough for
 * any contract payload (imports take file paths, not file bytes).
 */
export const HOST_MAX_FRAME_BYTES = 1024 * 1024;
/** Frames larger than this close the connection (WebSocket 1009): reading them is the cost. */
export const HOST_MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
/**
 * The host answers a request with a timeout error (shared/request-timeout.ts) once the core has
 * been SILENT on it this many ms: each progress the request reports (core/request-activity.ts)
 * starts the wait again, so a long import still reporting progress is never called a failure.
 */
export const HOST_ANSWER_TIMEOUT_MS = 60_000;
/** The page gives up on a request after this many ms without its answer or a working frame (longer than the host's bound). */
export const HOST_PAGE_TIMEOUT_MS = 70_000;
/** The most often the host sends a working frame for one request. */
export const HOST_WORKING_INTERVAL_MS = 1_000;
