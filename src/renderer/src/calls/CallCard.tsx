import { useEffect, useState } from 'react';
import type { CallRecord } from '../../../shared/calls.ts';
import { formatPhoneNumber } from '../../../shared/phone.ts';
import { useBridge } from '../bridge-context.tsx';
import { errorMessage } from '../use-async.ts';
import { describeCallState, isActiveCall, outcomeLabel } from './describe-call.ts';

export function CallCard({ call, contactName }: { call: CallRecord; contactName?: string | undefined }) {
  const hoiio = useBridge();
  const [hangupError, setHangupError] = useState<string | null>(null);
  const [hangingUp, setHangingUp] = useState(false);
  const active = isActiveCall(call);

  const hangup = async () => {
    setHangingUp(true);
    setHangupError(null);
    try {
      await hoiio.calls.hangup({ id: call.id });
    } catch (error) {
      setHangupError(errorMessage(error));
    } finally {
      setHangingUp(false);
    }
  };

  return (
    <li
      className={`call-card call-${call.state}`}
      data-testid="call-card"
      data-call-id={call.id}
      data-state={call.state}
    >
      <div className="call-card-main">
        <div className="call-party">
          <strong>{contactName ?? formatPhoneNumber(call.dest2)}</strong>
          {contactName && <span className="muted"> {formatPhoneNumber(call.dest2)}</span>}
        </div>
        <div className="call-status" aria-live="polite" data-testid="call-status">
          {describeCallState(call)}
        </div>
        {hangupError && (
          <div className="error-text" role="alert">
            {hangupError}
          </div>
        )}
      </div>
      <div className="call-card-side">
        {active ? <Elapsed since={call.createdAt} /> : <span className="badge">{outcomeLabel(call)}</span>}
        {call.state === 'live' && (
          <button type="button" className="danger" onClick={hangup} disabled={hangingUp}>
            {hangingUp ? 'Hanging up…' : 'Hang up'}
          </button>
        )}
      </div>
    </li>
  );
}

function Elapsed({ since }: { since: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.floor((now - Date.parse(since)) / 1000));
  const text = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return (
    <span className="elapsed" aria-label={`${seconds} seconds`}>
      {text}
    </span>
  );
}
