import type { Params } from '../params.ts';
import type { ApiResult, SandboxState } from '../state.ts';

/**
 * One /open endpoint. The server runs the common steps 1–7 of hoiio-api.md §3 (method, malformed
 * parameters, credentials, rate limit); the handler runs steps 8–16, taking an armed fault (step 15)
 * synchronously right before it commits, so no other request can interleave between its checks and
 * its effects.
 */
export interface Endpoint {
  /** `service/method`, as in the URL and in /sandbox/faults. */
  readonly name: string;
  readonly rateLimited: boolean;
  handle(state: SandboxState, params: Params): ApiResult | Promise<ApiResult>;
}

export function error(status: string): ApiResult {
  return { status };
}
