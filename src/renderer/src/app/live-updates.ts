import type { TunnelStatus } from '../../../shared/tunnel.ts';

/**
 * Live updates as the user sees them, from the tunnel's state (shared/tunnel.ts): `on` when Hoiio's
 * notifications reach the app (tunnel up, or sandbox mode where they arrive directly), `degraded` while
 * the tunnel connects, is down or fails (calls still end by polling), `off` when turned off in Settings;
 * with the catalogue key of the reason.
 */
export function liveUpdates(tunnel: TunnelStatus): {
  readonly level: 'on' | 'degraded' | 'off';
  /** Catalogue key of the reason (`liveUpdates.reason.*`). */
  readonly reason: string;
  readonly values: Record<string, string | number>;
} {
  switch (tunnel.status) {
    case 'off':
      return tunnel.reason === 'sandbox'
        ? { level: 'on', reason: 'liveUpdates.reason.sandbox', values: {} }
        : { level: 'off', reason: 'liveUpdates.reason.disabled', values: {} };
    case 'up':
      return { level: 'on', reason: 'liveUpdates.reason.up', values: {} };
    case 'connecting':
      return { level: 'degraded', reason: 'liveUpdates.reason.connecting', values: { attempt: tunnel.attempt } };
    case 'down':
      return { level: 'degraded', reason: 'liveUpdates.reason.down', values: {} };
    case 'degraded':
      // No countdown: the figure would be stale by the time the tooltip is read.
      return { level: 'degraded', reason: 'liveUpdates.reason.degraded', values: {} };
  }
}
