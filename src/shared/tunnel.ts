/**
 * The public tunnel that carries Hoiio's end-of-call notifications to the app in live mode,
 * as the renderer sees it.
 */
import { z } from 'zod';

export const TunnelStatusSchema = z.discriminatedUnion('status', [
  /** Not used: sandbox mode (notifications arrive directly), or turned off in settings (calls are polled). */
  z.object({ status: z.literal('off'), reason: z.enum(['sandbox', 'disabled']) }),
  z.object({ status: z.literal('down') }),
  z.object({ status: z.literal('connecting'), attempt: z.number().int().positive() }),
  z.object({ status: z.literal('up'), url: z.string() }),
  /** Not working; retrying. Calls in progress are polled meanwhile. */
  z.object({
    status: z.literal('degraded'),
    reason: z.string(),
    lastUrl: z.string().nullable(),
    retryInMs: z.number().int().nonnegative(),
  }),
]);
export type TunnelStatus = z.infer<typeof TunnelStatusSchema>;
