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

/** One of the account's Hoiio Numbers (number/get_active, hoiio-api.md §2.8) that can show as a caller ID. */
export const HoiioNumberSchema = z.object({
  /** E.164. */
  number: z.string(),
  /** ISO 3166-1 alpha-2, as number/get_active reports it. */
  country: z.string(),
});
export type HoiioNumber = z.infer<typeof HoiioNumberSchema>;

/**
 * The account's own numbers, fetched once per account and mode and cached in the core (refreshed
 * on Verify and on a mode change): the Dialer's "Call from" and "Caller ID" choices.
 */
export const AccountNumbersSchema = z.object({
  mode: z.enum(['sandbox', 'live']),
  /** user/get_info `mobile_number`: Hoiio's default dest1 and caller ID. */
  registeredNumber: z.string(),
  /** user/get_info `caller_ids`, in Hoiio's order, `p` read as `private` (§8, §9 C8), no duplicates. */
  callerIds: z.array(z.string()),
  /** Voice numbers from number/get_active that are also caller IDs, with their country. */
  hoiioNumbers: z.array(HoiioNumberSchema),
  /** When they were fetched (ISO 8601 UTC). */
  fetchedAt: z.string(),
});
export type AccountNumbers = z.infer<typeof AccountNumbersSchema>;

/**
 * Local presence (issue 12): the caller ID to show someone in `calleeCountry`: your Hoiio Number
 * in that country (the first, in number/get_active's order), or null when you have none there.
 */
export function localPresenceCallerId(
  numbers: Pick<AccountNumbers, 'hoiioNumbers'>,
  calleeCountry: string | undefined,
): string | null {
  if (calleeCountry === undefined) return null;
  return numbers.hoiioNumbers.find((entry) => entry.country === calleeCountry)?.number ?? null;
}
