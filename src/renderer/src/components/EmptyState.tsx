import type { ReactNode } from 'react';

/**
 * What a view shows instead of an empty list or chart: a heading, a line saying why or what to do,
 * and, where one action shows what is missing (e.g. "Include simulated calls"), that action below.
 */
export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty-state">
      <h2>{title}</h2>
      {children && <p>{children}</p>}
      {action && <div className="empty-state-action">{action}</div>}
    </div>
  );
}
