import { z } from 'zod';
import { findOperation, pushEvents, type CoreApi, type PushEventName } from '../shared/contract.ts';
import type { CoreEvents } from './core/events.ts';
import { runWithActivity } from './core/request-activity.ts';
import { AppError, type IpcResult } from '../shared/errors.ts';
import { invalidRequestError } from '../shared/zod-issues.ts';

export type Logger = Pick<Console, 'error' | 'warn'>;

/** Longest piece of a caller's input (a channel name, a zod issue text) an error message echoes. */
const MAX_ECHO_CHARS = 200;
/** How many zod issues an invalid-input error lists; the rest are counted. */
const MAX_ISSUES = 10;

export interface DispatchOptions {
  /**
   * Called each time the request reports progress (core/request-activity.ts: a worker job's progress
   * message, a start-up step while it waits for the core): a shell with a request timeout renews it,
   * so the timeout applies to silence, never to the total length of a job still reporting progress.
   */
  readonly onActivity?: () => void;
}

/**
 * The one entry point for every renderer request, shared by Electron's ipcMain and the
 * browser host: looks the channel up in the contract, parses the input, calls the core,
 * and parses the output. Never throws, whatever a schema, a refinement or a handler does
 * (issue 10): every failure comes back as a typed error, `internal` for the unexpected.
 */
export async function dispatch(
  api: CoreApi,
  channel: unknown,
  rawInput: unknown,
  logger: Logger = console,
  options: DispatchOptions = {},
): Promise<IpcResult<unknown>> {
  try {
    const answer = () => dispatchOrThrow(api, channel, rawInput, logger);
    return await (options.onActivity ? runWithActivity(options.onActivity, answer) : answer());
  } catch (error) {
    if (error instanceof AppError) return failure(error);
    safeLog(logger, `[ipc] ${echo(channel)} failed:`, error);
    return failure(new AppError('internal', 'Something went wrong inside the app. Please try again or report it.'));
  }
}

async function dispatchOrThrow(
  api: CoreApi,
  channel: unknown,
  rawInput: unknown,
  logger: Logger,
): Promise<IpcResult<unknown>> {
  const operation = typeof channel === 'string' ? findOperation(channel) : undefined;
  if (!operation) return failure(new AppError('unknown_operation', `Unknown operation: ${echo(channel)}`));
  const input = parseInput(operation.spec.input, rawInput);
  if (!input.success) return failure(invalidInput(String(channel), input.error, rawInput));
  const handler = lookupHandler(api, operation.namespace, operation.name);
  const rawOutput = await handler(input.data);
  const output = operation.spec.output.safeParse(rawOutput);
  if (!output.success) {
    logger.error(`[ipc] ${String(channel)} returned data outside the contract:`, z.prettifyError(output.error));
    return failure(new AppError('invalid_output', 'The app produced an unexpected result. Please report this bug.'));
  }
  return { ok: true, value: output.data };
}

/**
 * `safeParse`, except that a refinement or transform that throws (e.g. `new URL('x')` inside a
 * refine) is an invalid input too: the caller sent something the contract cannot read.
 */
function parseInput(schema: z.ZodType, rawInput: unknown): z.ZodSafeParseResult<unknown> {
  try {
    return schema.safeParse(rawInput);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      success: false,
      error: new z.ZodError([{ code: 'custom', path: [], message: `unreadable value (${message})`, input: undefined }]),
    };
  }
}

/** An invalid-input error whose message and details echo at most a bounded part of the input. */
function invalidInput(channel: string, error: z.ZodError, rawInput: unknown): AppError {
  // Every text the caller chose (keys, path segments) is echoed bounded: a 1 MB key must not make a 1 MB error.
  const issues = error.issues.slice(0, MAX_ISSUES).map((issue) => ({
    ...issue,
    path: issue.path.slice(0, 20).map((segment) => (typeof segment === 'number' ? segment : echo(segment))),
    message: echo(issue.message),
    ...(issue.code === 'unrecognized_keys' ? { keys: issue.keys.slice(0, MAX_ISSUES).map((key) => echo(key)) } : {}),
  })) as z.core.$ZodIssue[];
  return invalidRequestError(echo(channel), new z.ZodError(issues), rawInput);
}

/** A bounded, printable rendering of a value the caller chose (a 1 MB key must not make a 1 MB message). */
function echo(value: unknown): string {
  let text: string;
  try {
    text = String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > MAX_ECHO_CHARS ? `${text.slice(0, MAX_ECHO_CHARS)}… (${text.length} characters)` : text;
}

function safeLog(logger: Logger, message: string, error: unknown): void {
  try {
    logger.error(message, error);
  } catch {
    // A failing logger must not turn an answered request into a thrown one.
  }
}

function lookupHandler(api: CoreApi, namespace: string, name: string): (input: unknown) => Promise<unknown> {
  const operations = (api as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>)[
    namespace
  ];
  const handler = operations?.[name];
  if (!handler) throw new Error(`core api is missing ${namespace}.${name}`);
  return handler.bind(operations);
}

function failure(error: AppError): IpcResult<never> {
  return { ok: false, error: error.toIpcError() };
}

/**
 * Forwards every core push event to `send` (Electron windows, browser-host sockets) after
 * parsing its payload with the contract's schema, as dispatch does for responses: a payload
 * outside the contract is logged and never reaches a page. Returns the unsubscribe function.
 */
export function forwardPushEvents(
  events: CoreEvents,
  send: (eventName: PushEventName, payload: unknown) => void,
  logger: Logger = console,
): () => void {
  const unsubscribers = (Object.keys(pushEvents) as PushEventName[]).map((eventName) =>
    events.on(eventName, (payload) => {
      const parsed = pushEvents[eventName].safeParse(payload);
      if (!parsed.success) {
        logger.error(`[ipc] push event ${eventName} outside the contract, not sent:`, z.prettifyError(parsed.error));
        return;
      }
      send(eventName, parsed.data);
    }),
  );
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
