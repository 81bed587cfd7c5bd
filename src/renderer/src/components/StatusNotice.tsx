import { useCallback, useState, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { useFormat } from '../i18n/format.ts';

/** What the last action of a view said: worded text; an error is read out at once (role alert). */
export interface StatusNoticeText {
  readonly text: string;
  readonly kind: 'ok' | 'error';
}

/**
 * The one status line of a view (a contact saved, deleted or restored, calls deleted…): it holds
 * only the LAST action's outcome. `show` replaces whatever it said; `clear` is called when the user
 * starts another task (opens a form, starts an import or an export), so an old "Saved Ada." or
 * "Restored Ada." never sits above work it has nothing to do with. `T` may carry more (an Undo offer).
 */
export function useStatusNotice<T extends StatusNoticeText = StatusNoticeText>() {
  const [notice, setNotice] = useState<T | null>(null);
  const show = useCallback((next: T) => setNotice(next), []);
  const clear = useCallback(() => setNotice(null), []);
  return { notice, show, clear };
}

/**
 * Shows a `useStatusNotice` notice: its text, the actions given as children (Undo), and a dismiss
 * button. Nothing when there is no notice.
 */
export function StatusNotice({
  notice,
  onDismiss,
  textId,
  testId,
  children,
}: {
  notice: StatusNoticeText | null;
  onDismiss: () => void;
  /** The text's element id, for a control that names it (aria-describedby). */
  textId?: string;
  testId?: string;
  children?: ReactNode;
}) {
  const { t } = useFormat();
  if (!notice) return null;
  return (
    <div className="notice" role={notice.kind === 'error' ? 'alert' : 'status'} data-testid={testId}>
      <span id={textId}>{notice.text}</span>
      {children}
      <button type="button" aria-label={t('common.dismiss')} onClick={onDismiss}>
        <FormattedMessage id="common.dismissSymbol" />
      </button>
    </div>
  );
}
