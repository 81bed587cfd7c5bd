import { FormattedMessage } from 'react-intl';
import { OutcomeBadge, badgeOutcome } from '../components/OutcomeBadge.tsx';
import { useHoiioQuery } from '../data/query.ts';
import { useFormat } from '../i18n/format.ts';
import { CallDrawer } from './CallDrawer.tsx';
import styles from './call-log.module.css';
import { CallFacts } from './CallFacts.tsx';
import { TeamNotes } from './TeamNotes.tsx';

/**
 * A call another team member placed (issue 16), known on this desktop only from the team server
 * (`team.getCall`: no local call row), in the same drawer as CallDetails (CallDrawer): who placed
 * it, its outcome, its facts (CallFacts: legs, Hoiio facts and timeline), and the team's notes on
 * it (read-only: a note is edited by its author, on a desktop that has the call). Call again; no
 * delete (the call is not in this desktop's log). `party`: the row's words for the other side
 * (contact name or number).
 */
export function TeamCallDetails({
  teamId,
  party,
  onClose,
  onCall,
}: {
  teamId: string;
  party: string;
  onClose: () => void;
  onCall: (e164: string, contactId: string | null) => void;
}) {
  const { t } = useFormat();
  const call = useHoiioQuery('team', 'getCall', { callId: teamId });
  return (
    <CallDrawer
      query={call}
      titleId="team-call-details-title"
      party={() => party}
      attributes={{ 'data-testid': 'team-call-details', 'data-team-id': teamId }}
      onClose={onClose}
    >
      {(teamCall) => (
        <>
          <p className={styles.inline}>
            <OutcomeBadge outcome={badgeOutcome(teamCall.call)} />
            <span>{t('callLog.placedBy.named', { member: teamCall.placedBy })}</span>
          </p>
          <p className="muted">
            <FormattedMessage id="teamCall.elsewhere" values={{ member: teamCall.placedBy }} />
          </p>
          <div className="row">
            <button type="button" className="primary" onClick={() => onCall(teamCall.call.dest2, null)}>
              <FormattedMessage id="callLog.callAgain" />
            </button>
          </div>
          <TeamNotes callId={teamCall.id} localCallId={teamCall.localCallId} />
          <CallFacts call={teamCall.call} placedHere={false} />
        </>
      )}
    </CallDrawer>
  );
}
