import type { DatabaseSync } from 'node:sqlite';
import type { StepProgress } from './migrations.ts';

/**
 * The call log's digit index (issue 13, search at 1,000,000 calls): every run of digits in a
 * call's searched texts cut into its 4-digit windows ("+65 8123 4567" → "6581", "5812", …) and
 * its 2-digit windows ("65", "58", …), each one token of an FTS5 table (`call_log_grams`,
 * migrations 21 and 26).
 *
 * Why: in the trigram index a 4-digit search is a phrase of two trigrams, and digit trigrams of
 * common prefixes are in most calls ("155" of every +1 415 555 number): finding the 334 calls
 * holding "1554" read two lists of 670,000 and 76,000 entries with positions (16 ms at 1,000,000
 * calls). Here "1554" is one token whose list holds exactly those calls (0.1 ms), and a longer
 * digit term is the AND of its windows, whose lists are short, checked as a substring after.
 *
 * The windows are computed by `digit_grams()`, a SQL function of ours that the table's triggers
 * call, so every connection that may insert or update calls registers it (registerDigitGrams:
 * openDatabase does, for the store, upgrades and restores). A delete needs no function.
 */

/** Digits in one window of a longer term. Terms of 3 digits are searched through the trigram index. */
export const GRAM_DIGITS = 4;

/** Digits in a pair token: a 2-digit term is exactly one of them. */
export const PAIR_DIGITS = 2;

const DIGIT_RUN = new RegExp(`[0-9]{${PAIR_DIGITS},}`, 'g');

/**
 * The distinct windows of every run of ASCII digits in `texts` (nulls skipped), space separated:
 * for each run in order, its GRAM_DIGITS-digit windows, then its PAIR_DIGITS-digit ones, each
 * kept at its first appearance: digitGrams('TX00012', 'Room 15') = "0001 0012 00 01 12 15".
 * Other digits (full-width, Arabic-Indic) are left out, as the trigram index does not fold them
 * either and typed digits are searched as ASCII (phoneDigits).
 */
export function digitGrams(...texts: readonly (string | null | undefined)[]): string {
  const grams = new Set<string>();
  for (const text of texts) {
    if (text === null || text === undefined) continue;
    for (const run of text.match(DIGIT_RUN) ?? []) {
      for (const size of [GRAM_DIGITS, PAIR_DIGITS]) for (const gram of digitWindows(run, size)) grams.add(gram);
    }
  }
  return [...grams].join(' ');
}

/** The `size`-character windows of `run` in order, repeats kept: digitWindows('12345', 4) = ["1234", "2345"]. */
export function digitWindows(run: string, size: number): string[] {
  return Array.from({ length: Math.max(0, run.length - size + 1) }, (_, start) => run.slice(start, start + size));
}

/**
 * Registers `digit_grams(text, …)` (digitGrams, any number of text or NULL arguments) on `db`.
 * Every connection whose writes may fire call_log's insert or update triggers needs it (else
 * SQLite fails the write with "no such function: digit_grams"); it is deterministic, so SQLite
 * may use it in indexes and constant folding.
 */
export function registerDigitGrams(db: DatabaseSync): void {
  db.function('digit_grams', { deterministic: true, varargs: true }, (...texts) =>
    digitGrams(...texts.map((text) => (typeof text === 'string' ? text : null))),
  );
}

/** Calls indexed per statement while filling the table (a progress report between two). */
const FILL_CHUNK_ROWS = 10_000;

/**
 * Migration 21: the digit index, its triggers (kept beside call_log_fts's: the same three
 * columns), and its rows for the calls there are, in chunks of FILL_CHUNK_ROWS with progress
 * (about 20 s at 1,000,000 calls, under the upgrade screen), then merged into one segment.
 * `detail = none`: a window is matched alone, never as part of a phrase, so no positions are kept
 * (the index is ~8% of the file at 1,000,000 calls). `contentless_delete`: nothing is stored twice
 * and a call's row can still be deleted by its rowid.
 */
export function createDigitGrams(db: DatabaseSync, progress?: StepProgress): void {
  db.exec(`
  CREATE VIRTUAL TABLE call_log_grams USING fts5 (
    grams, content = '', contentless_delete = 1, detail = none, tokenize = 'unicode61'
  );
  CREATE TRIGGER call_log_grams_insert AFTER INSERT ON call_log BEGIN
    INSERT INTO call_log_grams (rowid, grams) VALUES (new.seq, digit_grams(new.search_text, new.contact_name, new.note_text));
  END;
  CREATE TRIGGER call_log_grams_delete AFTER DELETE ON call_log BEGIN
    DELETE FROM call_log_grams WHERE rowid = old.seq;
  END;
  CREATE TRIGGER call_log_grams_update AFTER UPDATE OF seq, search_text, contact_name, note_text ON call_log
  WHEN old.seq IS NOT new.seq OR old.search_text IS NOT new.search_text OR old.contact_name IS NOT new.contact_name
    OR old.note_text IS NOT new.note_text BEGIN
    DELETE FROM call_log_grams WHERE rowid = old.seq;
    INSERT INTO call_log_grams (rowid, grams) VALUES (new.seq, digit_grams(new.search_text, new.contact_name, new.note_text));
  END;
  `);
  fillDigitGrams(db, progress);
}

/**
 * (Re)computes every call's row of call_log_grams from call_log (migration 21; migration 26, which
 * added the pair tokens; bulk loads that write calls with the triggers set aside:
 * test/support/seed-large.ts), then merges the index into
 * one segment. `db` must have registerDigitGrams.
 */
export function fillDigitGrams(db: DatabaseSync, progress?: StepProgress): void {
  db.exec(`INSERT INTO call_log_grams (call_log_grams) VALUES ('delete-all')`);
  const total = (db.prepare('SELECT count(*) AS n FROM call_log').get() as { n: number }).n;
  const chunk = db.prepare(
    `INSERT INTO call_log_grams (rowid, grams)
     SELECT seq, digit_grams(search_text, contact_name, note_text) FROM call_log WHERE seq > ? ORDER BY seq LIMIT ${FILL_CHUNK_ROWS}`,
  );
  const lastOf = db.prepare(
    `SELECT max(seq) AS seq FROM (SELECT seq FROM call_log WHERE seq > ? ORDER BY seq LIMIT ${FILL_CHUNK_ROWS})`,
  );
  let after: number | bigint = Number.MIN_SAFE_INTEGER;
  for (let done = 0; done < total; done += FILL_CHUNK_ROWS) {
    progress?.(done, total);
    const last: number | bigint | null = (lastOf.get(after) as { seq: number | bigint | null }).seq;
    if (last === null) break;
    chunk.run(after);
    after = last;
  }
  db.exec(`INSERT INTO call_log_grams (call_log_grams) VALUES ('optimize')`);
}
