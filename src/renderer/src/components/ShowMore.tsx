import { FormattedMessage } from 'react-intl';

/** "Showing 50 of 1,234. [Show more]" under a paged list. */
export function ShowMore({ shown, total, onMore }: { shown: number; total: number; onMore: () => void }) {
  return (
    <p className="muted row">
      <FormattedMessage id="common.showing" values={{ shown, total }} />
      {shown < total && (
        <button type="button" onClick={onMore}>
          <FormattedMessage id="common.showMore" />
        </button>
      )}
    </p>
  );
}
