import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import type { TeamCallNote } from '../../../shared/team.ts';
import { RevisionList } from '../components/RevisionList.tsx';
import { queryKey, useHoiioMutation, useHoiioQuery } from '../data/query.ts';
import { useFormat } from '../i18n/format.ts';
import styles from './note-editor.module.css';

/** Characters of an earlier note named on its Restore button (the list item shows it all). */
const RESTORE_EXCERPT_LENGTH = 40;

/**
 * A call's notes from the team (issue 16), under the user's own note in the call's details, only
 * while a team is joined (`team.callNotes`): every other member's note with its author and time,
 * read-only (only the author edits a note); and the earlier versions of the user's own note that a
 * later edit from another of their desktops replaced (the server's order decides), each with
 * Restore, which saves it as the note again (`notes.set`, synced like any edit).
 * `localCallId`: the call in this desktop's log, whose own note is edited here; null for a call
 * another member placed (`callId` is then its team id, and every note, the user's too, is read-only).
 */
export function TeamNotes({ callId, localCallId }: { callId: string; localCallId: string | null }) {
  const { t, error: word, dateTime } = useFormat();
  const headingId = useId();
  const queryClient = useQueryClient();
  const status = useHoiioQuery('team', 'getStatus');
  const joined = status.data !== undefined && status.data.state !== 'off';
  const notes = useHoiioQuery('team', 'callNotes', { callId }, { enabled: joined });
  const [problem, setProblem] = useState<string | null>(null);
  const restore = useHoiioMutation('notes', 'set', {
    onSuccess: (saved, input) => {
      setProblem(null);
      queryClient.setQueryData(queryKey('notes', 'get', { callId: input.callId }), saved);
    },
    onError: (failure) => setProblem(word(failure)),
  });
  if (!joined || !notes.data) return null;
  const editable = localCallId !== null;
  const shown = notes.data.filter((note) => note.body !== '' && !(note.mine && editable));
  const mine = notes.data.find((note) => note.mine);
  const author = (note: TeamCallNote) => (note.mine ? t('callLog.placedBy.you') : note.author);
  return (
    <section aria-labelledby={headingId} data-testid="team-notes">
      <h3 id={headingId}>
        <FormattedMessage id="teamNotes.title" />
      </h3>
      {shown.length === 0 ? (
        <p className="muted">
          <FormattedMessage id="teamNotes.none" />
        </p>
      ) : (
        <ul aria-labelledby={headingId} className={styles.teamNotes}>
          {shown.map((note) => (
            <li key={note.author} data-testid="team-note" data-author={note.author}>
              <p className="muted small-text">
                <FormattedMessage
                  id="teamNotes.byline"
                  values={{ member: author(note), time: dateTime(note.updatedAt) }}
                />
              </p>
              <p className={styles.text}>{note.body}</p>
            </li>
          ))}
        </ul>
      )}
      {mine && (
        <RevisionList
          title={t('noteRevisions.title')}
          level={4}
          busy={restore.isPending}
          problem={problem}
          testId="note-revisions"
          items={mine.revisions.map((revision) => {
            const excerpt =
              revision.body.length > RESTORE_EXCERPT_LENGTH
                ? `${revision.body.slice(0, RESTORE_EXCERPT_LENGTH)}…`
                : revision.body;
            return {
              key: revision.id,
              text: (
                <span className={styles.text}>
                  {revision.bodyAt
                    ? t('noteRevisions.earlier', {
                        body: revision.body,
                        written: dateTime(revision.bodyAt),
                        time: dateTime(revision.replacedAt),
                      })
                    : t('noteRevisions.earlierUndated', { body: revision.body, time: dateTime(revision.replacedAt) })}
                </span>
              ),
              ...(editable
                ? {
                    restore: {
                      label: t('noteRevisions.restore'),
                      name: t('noteRevisions.restoreNamed', { excerpt }),
                      run: () => restore.mutate({ callId: localCallId, body: revision.body }),
                    },
                  }
                : {}),
            };
          })}
        />
      )}
    </section>
  );
}
