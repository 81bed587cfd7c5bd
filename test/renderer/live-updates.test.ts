import { describe, expect, it } from 'vitest';
import { liveUpdates } from '../../src/renderer/src/app/live-updates.ts';
import type { TunnelStatus } from '../../src/shared/tunnel.ts';
import en from '../../src/shared/i18n/locales/en/ui.json' with { type: 'json' };

const cases: [TunnelStatus, 'on' | 'degraded' | 'off'][] = [
  [{ status: 'off', reason: 'sandbox' }, 'on'],
  [{ status: 'up', url: 'https://abc.loca.lt' }, 'on'],
  [{ status: 'connecting', attempt: 2 }, 'degraded'],
  [{ status: 'down' }, 'degraded'],
  [{ status: 'degraded', reason: 'ECONNREFUSED', lastUrl: null, retryInMs: 8000 }, 'degraded'],
  [{ status: 'off', reason: 'disabled' }, 'off'],
];

describe('live updates from the tunnel state', () => {
  it.each(cases)('%j reads as %s, with a reason the catalogue has', (tunnel, level) => {
    const words = liveUpdates(tunnel);
    expect(words.level).toBe(level);
    expect(Object.keys(en)).toContain(words.reason);
    expect(Object.keys(en)).toContain(`liveUpdates.${level}`);
  });
});
