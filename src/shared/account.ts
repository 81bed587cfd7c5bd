/**
 * What the renderer may know about the Hoiio account: whether credentials are configured,
 * never the access token itself.
 */
import { z } from 'zod';

export const AccountStatusSchema = z.object({
  /** `sandbox` until credentials are saved; then `live`. */
  mode: z.enum(['sandbox', 'live']),
  /** An App ID is saved and its access token is in the OS keychain. */
  configured: z.boolean(),
  appId: z.string().nullable(),
  /** Where API calls go: the configured Hoiio base URL, or in sandbox mode the embedded sandbox's. */
  baseUrl: z.string(),
  /** Set when the OS keychain could not be used; says what to do. */
  keychainError: z.string().nullable(),
});
export type AccountStatus = z.infer<typeof AccountStatusSchema>;

export const SetAccountInputSchema = z.strictObject({
  appId: z.string().trim().min(1, 'Enter your Hoiio App ID.').max(200),
  accessToken: z.string().trim().min(1, 'Enter your Hoiio access token.').max(512),
});
export type SetAccountInput = z.infer<typeof SetAccountInputSchema>;

/** The result of a real API call made with the current credentials (user/get_info, user/get_balance). */
export const AccountVerificationSchema = z.object({
  mode: z.enum(['sandbox', 'live']),
  name: z.string(),
  /** The registered number: Hoiio's default for your phone (dest1) and caller ID. */
  mobileNumber: z.string(),
  /** Caller IDs you may show; `private` hides the number. */
  callerIds: z.array(z.string()),
  userStatus: z.enum(['trial', 'active']),
  country: z.string(),
  currency: z.string(),
  /** Exact 3-decimal balance in `currency`. */
  balance: z.string().regex(/^-?\d+\.\d{3}$/),
});
export type AccountVerification = z.infer<typeof AccountVerificationSchema>;
