/** "Showing 50 of 1,234. [Show more]" under a paged list. */
export function ShowMore({ shown, total, onMore }: { shown: number; total: number; onMore: () => void }) {
  return (
    <p className="muted">
      Showing {shown} of {total}.{' '}
      {shown < total && (
        <button type="button" onClick={onMore}>
          Show more
        </button>
      )}
    </p>
  );
}
