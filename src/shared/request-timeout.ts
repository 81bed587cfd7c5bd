import { channelName } from './channels.ts';
import { englishErrorMessage } from './error-messages.ts';
import type { IpcError } from './errors.ts';

/**
 * The error of a request whose answer stopped coming: the browser host's (src/host/server.ts) and
 * the page's (browser-host-transport.ts) timeouts. Both apply to SILENCE, not to total length: a
 * job that keeps reporting progress renews them (core/request-activity.ts), so this only happens
 * when nothing was heard for the whole timeout. The job may still finish, so the words never say
 * "try again" for one: they say what to check first, as doing it twice would import twice, etc.
 * `details.reason` is `timed_out`, `details.channel` the operation.
 */
export function requestTimeoutError(channel: string, silentSeconds: number): IpcError {
  const key = JOB_TIMEOUT_KEYS[channel] ?? 'request.timedOut';
  const params = { seconds: silentSeconds };
  return {
    code: 'internal',
    message: englishErrorMessage(key, params),
    key,
    params,
    details: { reason: 'timed_out', channel },
  };
}

/** True for the error requestTimeoutError makes (the renderer keeps following the job it concerns). */
export function isRequestTimeout(error: { readonly details?: Record<string, unknown> | undefined }): boolean {
  return error.details?.['reason'] === 'timed_out';
}

/** Long jobs, and the catalogue key (`error.<key>`) naming what to check before starting one again. */
const JOB_TIMEOUT_KEYS: Readonly<Record<string, string>> = {
  [channelName('importExport', 'importContacts')]: 'request.timedOut.import',
  [channelName('importExport', 'undoImport')]: 'request.timedOut.undoImport',
  [channelName('importExport', 'exportContacts')]: 'request.timedOut.export',
  [channelName('callLog', 'exportCsv')]: 'request.timedOut.export',
  [channelName('callLog', 'exportTotalsCsv')]: 'request.timedOut.export',
  [channelName('callLog', 'clearOlderThan')]: 'request.timedOut.clearOlderThan',
  [channelName('database', 'backup')]: 'request.timedOut.backup',
  [channelName('database', 'restore')]: 'request.timedOut.restore',
};
