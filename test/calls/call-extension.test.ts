/**
 * Issue 9 item 3 (calls): the extension reaches the call record (migration step 8) from the
 * place request, or from the number's own text, and is kept in the log; Hoiio gets the bare number.
 */
import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/shared/calls.ts';
import { startTestCore } from './helpers.ts';

describe('sandbox: a call keeps its extension', () => {
  it('from ;ext=, "x" and the request field; stored and read back; a bad extension is refused', async () => {
    const app = await startTestCore();
    try {
      const written = await app.ok<CallRecord>('calls:place', { dest2: '+65 8123 4567;ext=556' });
      expect(written).toMatchObject({ dest2: '+6581234567', extension: '556' });
      const spoken = await app.ok<CallRecord>('calls:place', { dest2: '+65 8123 4568 x 12' });
      expect(spoken).toMatchObject({ dest2: '+6581234568', extension: '12' });
      // A contact's or a tel: link's extension comes as its own field.
      const given = await app.ok<CallRecord>('calls:place', { dest2: '+6581234569', extension: '1234' });
      expect(given).toMatchObject({ dest2: '+6581234569', extension: '1234' });
      const plain = await app.ok<CallRecord>('calls:place', { dest2: '+6581234560' });
      expect(plain.extension).toBeNull();
      for (const placed of [written, spoken, given]) {
        expect(await app.ok<CallRecord>('calls:get', { id: placed.id })).toMatchObject({
          extension: placed.extension,
        });
      }
      const refused = await app.call('calls:place', { dest2: '+6581234561', extension: '55a' });
      expect(refused.ok).toBe(false);
    } finally {
      await app.close();
    }
  });
});
