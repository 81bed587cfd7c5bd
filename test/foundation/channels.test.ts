import { describe, expect, it } from 'vitest';
import { OPERATION_CHANNELS, OPERATION_NAMES, PUSH_EVENT_NAMES } from '../../src/shared/channels.ts';
import { allChannels, contract, pushEvents } from '../../src/shared/contract.ts';

describe('the plain channel list the preload uses', () => {
  it('names exactly the contract operations, in contract order', () => {
    const fromContract = Object.fromEntries(
      Object.entries(contract).map(([namespace, operations]) => [namespace, Object.keys(operations)]),
    );
    expect(OPERATION_NAMES).toEqual(fromContract);
    expect(OPERATION_CHANNELS).toEqual(allChannels);
  });

  it('names exactly the contract push events', () => {
    expect([...PUSH_EVENT_NAMES]).toEqual(Object.keys(pushEvents));
  });
});
