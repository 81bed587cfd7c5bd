-- Up Migration
-- Team schema version 3 (issue 16): a call note is at most 2,000 characters on the server, as in
-- the app (NOTE_MAX_LENGTH, src/shared/history.ts); version 2 allowed 20,000. team.push_notes
-- refuses a longer body with a plain message (SQLSTATE 22001) before it writes anything of the
-- batch; the table's CHECK refuses any other write. NOT VALID: a longer note written before this
-- version (only possible by SQL: the app never sent one) stays readable; it cannot be saved again
-- unchanged, only shortened.

UPDATE team.schema_info SET version = 3;

ALTER TABLE team.call_notes DROP CONSTRAINT call_notes_body_check;
ALTER TABLE team.call_notes ADD CONSTRAINT call_note_body_at_most_2000_characters
  CHECK (length(body) <= 2000) NOT VALID;

CREATE OR REPLACE FUNCTION team.push_notes(p_notes jsonb)
RETURNS TABLE (o_call_id uuid, o_revision integer) LANGUAGE plpgsql AS $$
DECLARE
  v_note jsonb;
  v_id uuid;
  v_body text;
  v_base integer;
  v_cur team.call_notes;
BEGIN
  -- The whole batch is checked first: one over-long note refuses the batch, nothing is written.
  FOR v_note IN SELECT value FROM jsonb_array_elements(p_notes) LOOP
    IF length(v_note ->> 'body') > 2000 THEN
      RAISE EXCEPTION 'A call note is at most 2000 characters; this one has % characters.', length(v_note ->> 'body')
        USING ERRCODE = '22001', HINT = 'Shorten the note to 2000 characters or fewer.';
    END IF;
  END LOOP;
  FOR v_note IN SELECT value FROM jsonb_array_elements(p_notes) LOOP
    v_id := (v_note ->> 'teamCallId')::uuid;
    v_body := v_note ->> 'body';
    v_base := (v_note ->> 'baseRevision')::integer;
    SELECT * INTO v_cur FROM team.call_notes n WHERE n.call_id = v_id AND n.author = current_user FOR UPDATE;
    IF NOT FOUND THEN
      INSERT INTO team.call_notes (call_id, body) VALUES (v_id, v_body);
    ELSIF v_cur.body IS DISTINCT FROM v_body THEN
      IF v_base IS DISTINCT FROM v_cur.revision AND v_cur.body <> '' THEN
        INSERT INTO team.call_note_revisions (call_id, body, body_at) VALUES (v_id, v_cur.body, v_cur.updated_at);
      END IF;
      UPDATE team.call_notes n SET body = v_body WHERE n.call_id = v_id AND n.author = current_user;
    END IF;
    RETURN QUERY SELECT n.call_id, n.revision FROM team.call_notes n WHERE n.call_id = v_id AND n.author = current_user;
  END LOOP;
END $$;

-- Down Migration
CREATE OR REPLACE FUNCTION team.push_notes(p_notes jsonb)
RETURNS TABLE (o_call_id uuid, o_revision integer) LANGUAGE plpgsql AS $$
DECLARE
  v_note jsonb;
  v_id uuid;
  v_body text;
  v_base integer;
  v_cur team.call_notes;
BEGIN
  FOR v_note IN SELECT value FROM jsonb_array_elements(p_notes) LOOP
    v_id := (v_note ->> 'teamCallId')::uuid;
    v_body := v_note ->> 'body';
    v_base := (v_note ->> 'baseRevision')::integer;
    SELECT * INTO v_cur FROM team.call_notes n WHERE n.call_id = v_id AND n.author = current_user FOR UPDATE;
    IF NOT FOUND THEN
      INSERT INTO team.call_notes (call_id, body) VALUES (v_id, v_body);
    ELSIF v_cur.body IS DISTINCT FROM v_body THEN
      IF v_base IS DISTINCT FROM v_cur.revision AND v_cur.body <> '' THEN
        INSERT INTO team.call_note_revisions (call_id, body, body_at) VALUES (v_id, v_cur.body, v_cur.updated_at);
      END IF;
      UPDATE team.call_notes n SET body = v_body WHERE n.call_id = v_id AND n.author = current_user;
    END IF;
    RETURN QUERY SELECT n.call_id, n.revision FROM team.call_notes n WHERE n.call_id = v_id AND n.author = current_user;
  END LOOP;
END $$;
ALTER TABLE team.call_notes DROP CONSTRAINT call_note_body_at_most_2000_characters;
ALTER TABLE team.call_notes ADD CONSTRAINT call_notes_body_check CHECK (length(body) <= 20000);
UPDATE team.schema_info SET version = 2;
