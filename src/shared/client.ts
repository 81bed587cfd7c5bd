import { contract, type HoiioBridge, type HoiioClient } from './contract.ts';
import { AppError, type IpcResult } from './errors.ts';

/**
 * Wraps `window.hoiio` for renderer code: the same named functions, resolving with the value
 * or throwing an AppError that keeps its code (which a contextBridge-crossing Error would not).
 */
export function createClient(bridge: HoiioBridge): HoiioClient {
  const namespaces = Object.fromEntries(
    Object.entries(contract).map(([namespace, operations]) => {
      const source = (
        bridge as unknown as Record<string, Record<string, (input: unknown) => Promise<IpcResult<unknown>>>>
      )[namespace]!;
      return [
        namespace,
        Object.freeze(
          Object.fromEntries(
            Object.keys(operations).map((name) => [name, async (input: unknown) => unwrap(await source[name]!(input))]),
          ),
        ),
      ];
    }),
  );
  return Object.freeze({ ...namespaces, on: bridge.on }) as unknown as HoiioClient;
}

function unwrap<T>(result: IpcResult<T>): T {
  if (!result.ok) throw AppError.fromIpcError(result.error);
  return result.value;
}
