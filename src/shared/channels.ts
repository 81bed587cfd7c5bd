import type { Contract, PushEventName } from './contract.ts';

/**
 * The contract's operation and push-event NAMES as plain data, without the schemas: what the
 * preload needs to build `window.hoiio` and to allow exactly these channels, so out/preload
 * bundles no zod and no libphonenumber metadata. `satisfies` checks every name exists in the
 * contract; test/foundation/channels.test.ts checks nothing is missing. Add an operation to
 * the contract (src/shared/contract.ts) and its name here.
 */
export const OPERATION_NAMES = {
  app: ['getInfo', 'getStartup'],
  account: ['getStatus', 'set', 'verify', 'clear', 'getNumbers'],
  settings: ['get', 'update'],
  calls: ['place', 'hangup', 'get'],
  rates: ['get'],
  tunnel: ['getState'],
  telLinks: ['takePending'],
  contacts: [
    'list',
    'get',
    'create',
    'update',
    'delete',
    'undoDelete',
    'setFavourite',
    'toggleFavourite',
    'findByNumber',
    'page',
    'sharedNumbers',
    'numberHolders',
  ],
  callLog: [
    'query',
    'page',
    'get',
    'totals',
    'exportCsv',
    'delete',
    'undoDelete',
    'clearOlderThan',
    'topContacts',
    'exportTotalsCsv',
  ],
  notes: ['get', 'set'],
  database: ['backup', 'checkBackup', 'restore'],
  files: ['chooseImportFile', 'chooseExportFile'],
  team: [
    'getStatus',
    'testConnection',
    'join',
    'leave',
    'syncNow',
    'listCalls',
    'contactInfo',
    'setContactPrivate',
    'restoreRevision',
    'callNotes',
    'getCall',
  ],
  desktop: ['getState', 'restartToUpdate'],
  importExport: ['importContacts', 'exportContacts', 'cancel', 'previewCsv', 'lastImport', 'undoImport'],
} as const satisfies { readonly [N in keyof Contract]: readonly (keyof Contract[N])[] };

export const PUSH_EVENT_NAMES = [
  'appInfoChanged',
  'callUpdated',
  'tunnelState',
  'accountChanged',
  'accountNumbers',
  'contactsChanged',
  'importExportProgress',
  'jobFinished',
  'dialRequested',
  'telLinkRejected',
  'teamStatus',
  'callOpenRequested',
  'callNotesChanged',
  'callLogChanged',
  'desktopStateChanged',
  'startupChanged',
] as const satisfies readonly PushEventName[];

/** The IPC channel of an operation: `<namespace>:<operation>`. */
export function channelName(namespace: string, operationName: string): string {
  return `${namespace}:${operationName}`;
}

/** Push events use their own channel prefix so they can never collide with operations. */
export function pushEventChannel(name: PushEventName): string {
  return `event:${name}`;
}

/** Every operation channel, in contract order (the preload allows exactly these). */
export const OPERATION_CHANNELS: readonly string[] = Object.entries(OPERATION_NAMES).flatMap(([namespace, names]) =>
  names.map((name) => channelName(namespace, name)),
);
