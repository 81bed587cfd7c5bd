import { defaultRangeExtractor, useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import styles from './VirtualGrid.module.css';

/** One line of a virtual grid: a data row, or a label between rows (a day in the call log). */
export interface GridEntry {
  readonly key: string;
  /** Height in px (rows of one kind share one height, so positions are exact before drawing). */
  readonly size: number;
  /** Data rows take part in keyboard navigation and aria-rowindex; labels are visual only. */
  readonly row: boolean;
}

/** The class of a data row (`role="row"`) rendered by `renderEntry`: grid columns, focus ring, cell overflow. */
export const gridRowClass = styles.row;

/** Rows read ahead of the visible ones before the next page is asked for. */
const PREFETCH_ROWS = 30;

/**
 * A `role="grid"` of which only the rows in view (plus a few) are in the DOM
 * (@tanstack/react-virtual), over a window of a longer list (use-keyset-list.ts):
 * - asks for the page above or below when the view nears either end of the window;
 * - keeps the first visible row where it is on screen when rows are added or dropped above it
 *   (a page read above, a page dropped, a new call, an import), by its key;
 * - keyboard (WAI-ARIA APG grid), from a row or any control in it (a link, a button): Up/Down move
 *   between rows, PageUp/PageDown by a screenful, keeping focus on the same kind of control (same
 *   column, same element and class: "Details" stays on "Details"; a row without one: the row);
 *   Home/End (and Ctrl+Home/End) to the first or last row of the whole list (`onHome`/`onEnd` move
 *   the window there first); Left/Right between the row and its controls; a text field in a row
 *   keeps its keys; the active row is the one Tab stop (roving tabindex);
 * - screen readers: aria-rowcount (the list's total, -1 while unknown) and aria-rowindex per row,
 *   counting the column header row as row 1;
 * - a row scrolled to (a key press, a focus request after a save, undo or delete, Tab into the
 *   grid) lands whole below the sticky column header: the header's height is the virtualizer's
 *   scrollMargin (the rows start under it) and scrollPaddingStart, and the scroller's
 *   scroll-padding-top for the browser's own focus scrolling.
 */
export function VirtualGrid<E extends GridEntry>({
  label,
  entries,
  header,
  renderEntry,
  rowCount,
  indexOfRow,
  nearTop,
  nearBottom,
  onHome,
  onEnd,
  edge,
  windowId,
  testId,
  className,
  focusRequest = null,
}: {
  label: string;
  entries: readonly E[];
  header: ReactNode;
  renderEntry: (entry: E, props: { tabIndex: number; ariaRowIndex: number | undefined }) => ReactNode;
  /** Data rows in the whole list when known, else null (aria-rowcount -1). */
  rowCount: number | null;
  /** The whole-list index (0-based) of the data row at `position` among the window's data rows, or null. */
  indexOfRow: (position: number) => number | null;
  nearTop: () => void;
  nearBottom: () => void;
  /** Home/End: move the window to that end of the list; true when a new window is being read. */
  onHome: () => boolean;
  onEnd: () => boolean;
  /** Which end the window was read from: after End, the view starts at the bottom. */
  edge: 'first' | 'last';
  /** Names the window (filters, edge, jump); null while the rows shown are the previous window's. */
  windowId: string | null;
  testId?: string;
  /** A row to focus once it is in the window (after a delete, an undo, a save); a new object asks again. */
  focusRequest?: { readonly key: string } | null;
  /** Sets `--grid-columns` (the header row's and the rows' columns). */
  className?: string;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const headerRef = useRef<HTMLDivElement>(null);
  // The sticky header's height in px (it changes with the text size and the language).
  const [headerHeight, setHeaderHeight] = useState(0);
  useLayoutEffect(() => {
    const element = headerRef.current;
    if (!element) return;
    const measure = () => setHeaderHeight(element.offsetHeight);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const [active, setActive] = useState<string | null>(null);
  const activeIndex = active === null ? -1 : entries.findIndex((entry) => entry.key === active);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer's values change without React knowing; this component re-renders on scroll through it
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => entries[index]!.size,
    getItemKey: (index) => entries[index]!.key,
    overscan: 6,
    // The rows start under the header, and a row scrolled to must not end up beneath it.
    scrollMargin: headerHeight,
    scrollPaddingStart: headerHeight,
    // The active row stays mounted even when out of view: a render that still uses the scroll
    // offset from before a page was read above would otherwise unmount the focused row, and focus
    // would fall to the page (the scroll position is put right in the layout effect below).
    rangeExtractor: (range) => {
      const indexes = defaultRangeExtractor(range);
      if (activeIndex < 0 || indexes.includes(activeIndex)) return indexes;
      return [...indexes, activeIndex].sort((a, b) => a - b);
    },
  });
  // The row key to focus once it is drawn. A ref holding the key, not a flag beside the `active`
  // state: React flushes an earlier render's pending effects before it renders a key press, and that
  // effect sees the earlier `active`; with a flag it focused the old row and cleared the flag, so
  // the press moved `active` (the tab stop) but never the focus (seen under load after Home, Down).
  const focusTarget = useRef<string | null>(null);
  // Which control of that row takes focus (see controlKind), or null: the row itself.
  const focusCell = useRef<ControlKind | null>(null);
  const focusEdge = useRef(false);

  // Keeps the first visible entry where it is on screen when entries change above it (a page read
  // above, a page dropped, a new call). Found from the previous layout and the scroll position at
  // the moment the entries change, never from a position recorded on an earlier scroll event: that
  // one can be stale (e.g. after End the window is scrolled to its end and a page is read above
  // before the scroll event is handled; a stale anchor left the view 100 rows up, so the focused
  // last row was unmounted, or focus ended a screenful above it).
  const layout = useRef<readonly { key: string; start: number; end: number }[]>([]);
  const positions = new Map<string, number>();
  const current: { key: string; start: number; end: number }[] = [];
  let running = 0;
  for (const entry of entries) {
    positions.set(entry.key, running);
    current.push({ key: entry.key, start: running, end: running + entry.size });
    running += entry.size;
  }
  useLayoutEffect(() => {
    const element = scrollRef.current;
    const previous = layout.current;
    layout.current = current;
    if (!element || previous.length === 0) return;
    const top = element.scrollTop;
    const first = previous.find((entry) => entry.end > top);
    if (!first) return;
    const now = positions.get(first.key);
    if (now !== undefined && now !== first.start) element.scrollTop = now + (top - first.start);
    // positions and current are derived from entries: this runs when they change.
  }, [entries]); // eslint-disable-line react-hooks/exhaustive-deps

  // A new window (another filter, or Home/End) starts at its edge: the bottom after End.
  const shownWindow = useRef<string | null>(null);
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element || windowId === null || entries.length === 0 || shownWindow.current === windowId) return;
    shownWindow.current = windowId;
    if (edge === 'last') virtualizer.scrollToIndex(entries.length - 1, { align: 'end' });
    else element.scrollTop = 0;
    if (focusEdge.current) {
      focusEdge.current = false;
      const key = edge === 'last' ? lastRowKey(entries) : firstRowKey(entries);
      focusTarget.current = key;
      focusCell.current = null;
      setActive(key);
    }
  }, [windowId, edge, entries, virtualizer]);

  const items = virtualizer.getVirtualItems();
  useEffect(() => {
    const first = items[0];
    const last = items.at(-1);
    if (!first || !last) return;
    if (first.index < PREFETCH_ROWS) nearTop();
    if (last.index > entries.length - PREFETCH_ROWS) nearBottom();
  }, [items, entries.length, nearTop, nearBottom]);

  // Focus follows the row moved to once it is drawn.
  useEffect(() => {
    const key = focusTarget.current;
    if (key === null) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-entry-key="${CSS.escape(key)}"] [role="row"]`);
    if (row) {
      const control = focusCell.current === null ? null : findControl(row, focusCell.current);
      (control ?? row).focus({ preventScroll: true });
      focusTarget.current = null;
      focusCell.current = null;
    }
  });

  // A row the view asked to focus: scrolled to, then focused once drawn (its onFocus makes it active).
  const wantedFocus = useRef<string | null>(null);
  useEffect(() => {
    wantedFocus.current = focusRequest?.key ?? null;
  }, [focusRequest]);
  useEffect(() => {
    const key = wantedFocus.current;
    if (key === null) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-entry-key="${CSS.escape(key)}"] [role="row"]`);
    const index = entries.findIndex((entry) => entry.key === key);
    // Drawn is not enough: it may be under the header or partly out of view (e.g. a row saved above
    // the first one shown, which the anchoring above keeps out of view), so it is scrolled to first.
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
    if (row) {
      wantedFocus.current = null;
      row.focus({ preventScroll: true });
    }
  });

  const rowKeys = entries.filter((entry) => entry.row).map((entry) => entry.key);
  const activeKey = active !== null && rowKeys.includes(active) ? active : (rowKeys[0] ?? null);
  const move = (to: string | undefined, cell: ControlKind | null): void => {
    if (to === undefined) return;
    focusTarget.current = to;
    focusCell.current = cell;
    setActive(to);
    const index = entries.findIndex((entry) => entry.key === to);
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const target = event.target as HTMLElement;
    const row = target.closest<HTMLElement>('[role="row"]');
    const slot = row?.closest<HTMLElement>('[data-entry-key]');
    // Only a data row, or a control inside one, moves through the grid (not the header, nothing outside).
    if (!row || !slot || !scrollRef.current?.contains(slot)) return;
    // Keys typed into a field inside a row keep their meaning.
    if (target !== row && typesText(target)) return;
    const cells = rowControls(row);
    const cell = target === row ? null : cells.indexOf(target);
    const at = rowKeys.indexOf(slot.dataset.entryKey ?? '');
    const screenful = Math.max(1, Math.floor(scrollRef.current.clientHeight / (entries[0]?.size ?? 40)) - 1);
    // Moving to another row keeps focus on the same kind of control (else the row).
    const kind = cell === null || cell < 0 ? null : controlKind(row, target);
    const toRow = (to: string | undefined) => move(to, kind);
    const keys: Record<string, () => void> = {
      ArrowDown: () => toRow(rowKeys[Math.min(rowKeys.length - 1, at + 1)]),
      ArrowUp: () => toRow(rowKeys[Math.max(0, at - 1)]),
      PageDown: () => toRow(rowKeys[Math.min(rowKeys.length - 1, at + screenful)]),
      PageUp: () => toRow(rowKeys[Math.max(0, at - screenful)]),
      // Left/Right: between the row itself and its controls, in order.
      ArrowRight: () => cells[cell === null ? 0 : Math.min(cells.length - 1, cell + 1)]?.focus(),
      ArrowLeft: () => (cell === null ? undefined : cell <= 0 ? row.focus() : cells[cell - 1]?.focus()),
      // A jump reads a new window: its first (last) row takes focus once drawn (see windowId).
      Home: () => {
        if (onHome()) focusEdge.current = true;
        else move(rowKeys[0], null);
      },
      End: () => {
        if (onEnd()) focusEdge.current = true;
        else move(rowKeys.at(-1), null);
      },
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };

  let dataPosition = -1;
  const dataPositions = new Map<string, number>();
  for (const entry of entries) if (entry.row) dataPositions.set(entry.key, ++dataPosition);

  return (
    <div
      ref={scrollRef}
      className={`${styles.scroller} ${className ?? ''}`}
      role="grid"
      aria-label={label}
      aria-rowcount={rowCount === null ? -1 : rowCount + 1}
      onKeyDown={onKeyDown}
      data-testid={testId}
      style={{ scrollPaddingTop: headerHeight }}
    >
      <div role="rowgroup" className={styles.header} ref={headerRef}>
        <div role="row" aria-rowindex={1} className={styles.headerRow}>
          {header}
        </div>
      </div>
      <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const entry = entries[item.index]!;
          const position = dataPositions.get(entry.key);
          const index = position === undefined ? null : indexOfRow(position);
          return (
            <div
              key={item.key}
              data-entry-key={entry.key}
              className={styles.slot}
              style={{ transform: `translateY(${item.start - headerHeight}px)`, height: entry.size }}
              onFocus={() => entry.row && setActive(entry.key)}
            >
              {renderEntry(entry, {
                tabIndex: entry.key === activeKey ? 0 : -1,
                ariaRowIndex: index === null ? undefined : index + 2,
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function firstRowKey(entries: readonly GridEntry[]): string | null {
  return entries.find((entry) => entry.row)?.key ?? null;
}

function lastRowKey(entries: readonly GridEntry[]): string | null {
  return entries.findLast((entry) => entry.row)?.key ?? null;
}

/** The controls of a row that take focus (links, buttons, fields), in document order. */
function rowControls(row: HTMLElement): HTMLElement[] {
  return [
    ...row.querySelectorAll<HTMLElement>('a[href], button:not([disabled]), input:not([disabled]), select, textarea'),
  ];
}

/** A control's kind, to find its like in another row: its column (gridcell index) and its tag and class. */
interface ControlKind {
  readonly column: number;
  readonly shape: string;
}

function controlKind(row: HTMLElement, control: HTMLElement): ControlKind {
  const columns = [...row.querySelectorAll('[role="gridcell"]')];
  const cell = control.closest('[role="gridcell"]');
  return { column: cell ? columns.indexOf(cell) : -1, shape: `${control.tagName}.${control.className}` };
}

/** The control of `row` of that kind, or null when the row has none (e.g. no number to call). */
function findControl(row: HTMLElement, kind: ControlKind): HTMLElement | null {
  return (
    rowControls(row).find((control) => {
      const found = controlKind(row, control);
      return found.column === kind.column && found.shape === kind.shape;
    }) ?? null
  );
}

/** True for an element whose arrow and Home/End keys move a text caret or a choice (not the grid's). */
function typesText(element: HTMLElement): boolean {
  if (element.isContentEditable || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) {
    return true;
  }
  return element instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(element.type);
}
