/** The §8 message table: one clear message per status, numbers filled in, C4 spellings alike. */
import { describe, expect, it } from 'vitest';
import {
  canonicalStatus,
  HoiioError,
  KNOWN_ERROR_STATUSES,
  messageForStatus,
} from '../../src/main/core/hoiio/errors.ts';

/** Every status voice/call can return (hoiio-api.md §2.1), plus the SDK-only ones. */
const VOICE_CALL_STATUSES = [
  'error_invalid_http_method',
  'error_malformed_params',
  'error_app_id_param_missing',
  'error_access_token_param_missing',
  'error_dest2_param_missing',
  'error_invalid_access_token',
  'error_invalid_app_id',
  'error_tag_invalid_length',
  'error_dest1_invalid',
  'error_dest2_invalid',
  'error_dest1_not_supported',
  'error_dest2_not_supported',
  'error_not_allowed_for_trial',
  'error_same_dest1_dest2',
  'error_invalid_notify_url',
  'error_unable_to_resolve_notify_url',
  'error_unable_to_complete_ssl_handshake_notify_url',
  'error_insufficient_credit',
  'error_concurrent_call_limit_reached',
  'error_rate_limit_exceeded',
  'error_call_service_not_available',
  'error_internal_server_error',
  'error_caller_id_invalid',
  'error_invalid_max_duration',
];

describe('Hoiio status messages', () => {
  it('has its own message for every voice/call status, and the messages are distinct where the cause differs', () => {
    for (const status of VOICE_CALL_STATUSES) expect(KNOWN_ERROR_STATUSES).toContain(status);
    const messages = VOICE_CALL_STATUSES.filter(
      (status) => !/^error_(app_id|access_token)_param_missing$/.test(status),
    ).map((status) => messageForStatus(status, { dest1: '+6591234567', dest2: '+6581234567' }));
    expect(new Set(messages).size).toBe(messages.length);
    for (const message of messages) expect(message).not.toMatch(/\{|\}|error_/);
  });

  it('fills {dest1} and {dest2} with the numbers of the call', () => {
    expect(messageForStatus('error_dest2_invalid', { dest2: '+123' })).toBe(
      '+123 is not a valid international number. Use +, the country code, then the number.',
    );
    expect(messageForStatus('error_dest1_not_supported', { dest1: '+88112345678' })).toBe(
      'Hoiio cannot call your phone number +881 12345678.',
    );
    // Formatted as the app shows numbers elsewhere (tester fault: "+6581234567" before).
    expect(messageForStatus('error_not_allowed_for_trial', { dest2: '+6581234567' })).toContain(
      'to call +65 8123 4567.',
    );
  });

  it('words missing parameters for the user: a number to call, or credentials in Settings', () => {
    expect(messageForStatus('error_dest2_param_missing')).toBe('Enter a number to call.');
    expect(messageForStatus('error_app_id_param_missing')).toBe('Add your Hoiio App ID and access token in Settings.');
    expect(messageForStatus('error_access_token_param_missing')).toBe(
      'Add your Hoiio App ID and access token in Settings.',
    );
    expect(messageForStatus('error_txn_ref_param_missing')).toBe('Missing txn_ref.');
  });

  it('treats both spellings of each §9 C4 pair as one status', () => {
    expect(canonicalStatus('error_txn_ref_invalid')).toBe('error_invalid_txn_ref');
    expect(canonicalStatus('error_max_duration_invalid')).toBe('error_invalid_max_duration');
    const error = new HoiioError('error_txn_ref_invalid', { status: 'error_txn_ref_invalid' });
    expect(error.status).toBe('error_invalid_txn_ref');
    expect(error.rawStatus).toBe('error_txn_ref_invalid');
    expect(error.message).toBe('Hoiio does not know this call.');
  });

  it('gives an unknown status a generic message that shows the code', () => {
    const error = new HoiioError('error_brand_new', { status: 'error_brand_new' });
    expect(error.message).toBe('Hoiio refused the request with an unexpected error (error_brand_new).');
    expect(error.toIpcError()).toEqual({
      code: 'hoiio',
      message: error.message,
      key: 'hoiio.unexpected',
      params: { dest1: 'your phone number', dest2: 'this number', status: 'error_brand_new' },
      details: { status: 'error_brand_new', rawStatus: 'error_brand_new', raw: { status: 'error_brand_new' } },
    });
  });

  it('shows the status in history errors, which are internal', () => {
    expect(messageForStatus('error_to_before_from')).toBe(
      'Internal error while loading call history (error_to_before_from).',
    );
  });
});
