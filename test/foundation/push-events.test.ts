import { describe, expect, it } from 'vitest';
import { TypedEmitter, type CoreEventMap } from '../../src/main/core/events.ts';
import { forwardPushEvents } from '../../src/main/ipc.ts';

describe('push events are checked against the contract before they reach a page', () => {
  it('forwards a payload the contract accepts, and drops (and logs) one it does not', () => {
    const events = new TypedEmitter<CoreEventMap>();
    const sent: { eventName: string; payload: unknown }[] = [];
    const logged: unknown[][] = [];
    const stop = forwardPushEvents(events, (eventName, payload) => sent.push({ eventName, payload }), {
      error: (...parts: unknown[]) => logged.push(parts),
      warn: () => undefined,
    });
    events.emit('contactsChanged', { reason: 'created', ids: ['a'] });
    events.emit('contactsChanged', { reason: 'exploded', ids: 'not a list' } as never);
    events.emit('dialRequested', { number: '+6581234567', extension: '556', source: 'tel-link' });
    expect(sent).toEqual([
      { eventName: 'contactsChanged', payload: { reason: 'created', ids: ['a'] } },
      {
        eventName: 'dialRequested',
        payload: { number: '+6581234567', extension: '556', source: 'tel-link', assumedCountry: null },
      },
    ]);
    expect(logged).toHaveLength(1);
    expect(String(logged[0]![0])).toMatch(/push event contactsChanged outside the contract/);
    stop();
    events.emit('contactsChanged', { reason: 'created', ids: ['b'] });
    expect(sent).toHaveLength(2);
  });
});
