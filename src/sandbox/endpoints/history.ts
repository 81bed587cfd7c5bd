/** voice/get_history (hoiio-api.md §2.3): newest first, 100 per page, from/to inclusive on `date`. */
import { parseDateTime } from '../dates.ts';
import { error, type Endpoint } from './types.ts';

const PAGE_SIZE = 100;

/** A call's `date` as the wire shows it: whole seconds. */
function dateSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

export const getHistory: Endpoint = {
  name: 'voice/get_history',
  rateLimited: true,
  handle(state, params) {
    const fromText = params.get('from');
    const toText = params.get('to');
    const pageText = params.get('page');
    const from = fromText === undefined ? undefined : parseDateTime(fromText);
    if (from === null) return error('error_from_invalid');
    const to = toText === undefined ? undefined : parseDateTime(toText);
    if (to === null) return error('error_to_invalid');
    if (pageText !== undefined && !/^[1-9][0-9]*$/.test(pageText)) return error('error_page_invalid');
    if (from !== undefined && to !== undefined && to < from) return error('error_to_before_from');

    const fault = state.fault(this.name);
    if (fault) return fault;

    const lower = from === undefined ? -Infinity : dateSeconds(from);
    const upper = dateSeconds(to ?? Date.now());
    const matches = [];
    for (const call of state.telephony.all()) {
      const seconds = dateSeconds(call.acceptedAt);
      if (seconds >= lower && seconds <= upper) matches.push(call);
    }
    matches.sort((a, b) => dateSeconds(b.acceptedAt) - dateSeconds(a.acceptedAt) || b.seq - a.seq);
    const page = pageText === undefined ? 1 : Number(pageText);
    const start = (page - 1) * PAGE_SIZE;
    const entries = start < matches.length ? matches.slice(start, start + PAGE_SIZE) : [];
    return {
      status: 'success_ok',
      total_entries_count: String(matches.length),
      entries_count: String(entries.length),
      entries: entries.map((call) => state.callRecord(call)),
    };
  },
};
