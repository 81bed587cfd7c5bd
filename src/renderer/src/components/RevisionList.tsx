import type { ReactNode } from 'react';

/** One earlier value in a RevisionList. */
export interface RevisionListItem {
  /** Unique within the list (the revision's id). */
  readonly key: string | number;
  /** What the value was, by whom and when (already worded). */
  readonly text: ReactNode;
  /**
   * Restore: the button's visible text and its accessible name (which must begin with the visible
   * text, so that voice control finds it). Absent: shown without Restore (nothing to put it back into).
   */
  readonly restore?: { readonly label: string; readonly name?: string; readonly run: () => void };
}

/**
 * Earlier values that a later, server-ordered write replaced (issue 16), each with Restore: the
 * contact page's overwritten fields and a call note's earlier bodies. A heading, the list named by
 * it, and a problem (a refused restore) said above it. `busy` disables every Restore while one runs.
 */
export function RevisionList({
  title,
  level = 2,
  headingClassName,
  items,
  busy = false,
  problem = null,
  testId,
}: {
  title: string;
  level?: 2 | 3 | 4;
  headingClassName?: string;
  items: readonly RevisionListItem[];
  busy?: boolean;
  problem?: string | null;
  testId?: string;
}) {
  if (items.length === 0) return null;
  const Heading = `h${level}` as const;
  return (
    <div data-testid={testId}>
      <Heading className={headingClassName}>{title}</Heading>
      {problem && (
        <p role="alert" className="error-text">
          {problem}
        </p>
      )}
      <ul aria-label={title}>
        {items.map((item) => (
          <li key={item.key}>
            {item.text}
            {item.restore && (
              <>
                {' '}
                <button
                  type="button"
                  className="small"
                  disabled={busy}
                  aria-label={item.restore.name}
                  onClick={item.restore.run}
                >
                  {item.restore.label}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
