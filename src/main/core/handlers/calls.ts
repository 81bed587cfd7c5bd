import type { CoreApi } from '../../../shared/contract.ts';
import type { CallService } from '../calls/call-service.ts';

/** `calls.*`: placing, hanging up and reading calls (calls/call-service.ts). */
export function callsHandlers(calls: CallService): CoreApi['calls'] {
  return {
    place: (input) => calls.place(input),
    hangup: ({ id }) => calls.hangup(id),
    get: async ({ id }) => calls.get(id),
  };
}
