import { getActive, getBalance, getInfo } from './account.ts';
import { voiceCall } from './call.ts';
import { getHistory } from './history.ts';
import { hangup, queryStatus } from './query-status.ts';
import { getRate } from './rate.ts';
import type { Endpoint } from './types.ts';

export type { Endpoint } from './types.ts';

/** The /open endpoints by `service/method`; anything else under /open is 404 (conference, SMS, …). */
export const ENDPOINTS: ReadonlyMap<string, Endpoint> = new Map(
  [voiceCall, queryStatus, getHistory, getRate, hangup, getBalance, getInfo, getActive].map((e) => [e.name, e]),
);
