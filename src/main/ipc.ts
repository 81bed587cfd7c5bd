import { z } from 'zod';
import { findOperation, pushEvents, type CoreApi, type PushEventName } from '../shared/contract.ts';
import type { CoreEvents } from './core/events.ts';
import { AppError, type IpcResult } from '../shared/errors.ts';
import { invalidRequestError } from '../shared/zod-issues.ts';

export type Logger = Pick<Console, 'error' | 'warn'>;

/**
 * The one entry point for every renderer request, shared by Electron's ipcMain and the
 * browser host: looks the channel up in the contract, parses the input, calls the core,
 * and parses the output. Never throws; failures come back as typed errors.
 */
export async function dispatch(
  api: CoreApi,
  channel: unknown,
  rawInput: unknown,
  logger: Logger = console,
): Promise<IpcResult<unknown>> {
  const operation = typeof channel === 'string' ? findOperation(channel) : undefined;
  if (!operation) {
    return failure(new AppError('unknown_operation', `Unknown operation: ${String(channel).slice(0, 80)}`));
  }
  const input = operation.spec.input.safeParse(rawInput);
  if (!input.success) {
    return failure(invalidRequestError(String(channel), input.error, rawInput));
  }
  try {
    const handler = lookupHandler(api, operation.namespace, operation.name);
    const rawOutput = await handler(input.data);
    const output = operation.spec.output.safeParse(rawOutput);
    if (!output.success) {
      logger.error(`[ipc] ${String(channel)} returned data outside the contract:`, z.prettifyError(output.error));
      return failure(new AppError('invalid_output', 'The app produced an unexpected result. Please report this bug.'));
    }
    return { ok: true, value: output.data };
  } catch (error) {
    if (error instanceof AppError) return failure(error);
    logger.error(`[ipc] ${String(channel)} failed:`, error);
    return failure(new AppError('internal', 'Something went wrong inside the app. Please try again or report it.'));
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
