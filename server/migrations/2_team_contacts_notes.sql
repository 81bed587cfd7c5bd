-- Up Migration
-- Team schema version 2 (issue 16): one shared phonebook with server-ordered versions, per-field
-- attribution and revisions of overwritten values, and call notes (one per call and author).
-- Same rules as version 1: the migrator owns every table, members get grants through team_member,
-- row-level security is FORCED. Contacts are never deleted: a delete is a tombstone (deleted = true).

UPDATE team.schema_info SET version = 2;

-- The server's order of contact writes: every insert or update of a contact takes the next number.
CREATE SEQUENCE team.contact_versions;
GRANT USAGE ON SEQUENCE team.contact_versions TO team_member;

-- One row per shared contact, keyed by the id the creating desktop gave it. `fields` holds the
-- shared fields ({name, company, notes, phones}); `field_meta` who last changed each field and
-- when ({"company": {"by": "alice", "at": "…"}}). `favourite` stays on each desktop (a personal list).
CREATE TABLE team.contacts (
  id uuid PRIMARY KEY,
  fields jsonb NOT NULL CHECK (jsonb_typeof(fields) = 'object' AND pg_column_size(fields) < 262144),
  field_meta jsonb NOT NULL DEFAULT '{}',
  deleted boolean NOT NULL DEFAULT false,
  version bigint NOT NULL DEFAULT 0,
  created_by text NOT NULL DEFAULT current_user,
  created_at timestamptz NOT NULL DEFAULT now(),
  changed_by text NOT NULL DEFAULT current_user,
  changed_at timestamptz NOT NULL DEFAULT now(),
  change_xid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX contacts_by_change ON team.contacts (change_xid, id);

-- Every write is attributed to the writing role and ordered by the server, never by desktop clocks.
CREATE FUNCTION team.contacts_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := nextval('team.contact_versions');
  NEW.change_xid := pg_current_xact_id();
  NEW.changed_by := current_user;
  NEW.changed_at := now();
  IF TG_OP = 'INSERT' THEN
    NEW.created_by := current_user;
    NEW.created_at := now();
  ELSE
    NEW.id := OLD.id;
    NEW.created_by := OLD.created_by;
    NEW.created_at := OLD.created_at;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER contacts_stamp BEFORE INSERT OR UPDATE ON team.contacts FOR EACH ROW EXECUTE FUNCTION team.contacts_stamp();

CREATE FUNCTION team.contacts_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('team_changes', TG_TABLE_NAME);
  RETURN NULL;
END $$;
CREATE TRIGGER contacts_notify AFTER INSERT OR UPDATE ON team.contacts
  FOR EACH STATEMENT EXECUTE FUNCTION team.contacts_notify();

-- Any member reads and edits the shared phonebook; each write names its writer (the trigger sets
-- changed_by, the policies check it); nobody deletes rows.
ALTER TABLE team.contacts ENABLE ROW LEVEL SECURITY;
ALTER TABLE team.contacts FORCE ROW LEVEL SECURITY;
CREATE POLICY contacts_team_reads ON team.contacts FOR SELECT TO team_member USING (true);
CREATE POLICY contacts_attributed_inserts ON team.contacts FOR INSERT TO team_member
  WITH CHECK (changed_by = current_user AND created_by = current_user);
CREATE POLICY contacts_attributed_updates ON team.contacts FOR UPDATE TO team_member
  USING (true) WITH CHECK (changed_by = current_user);
GRANT SELECT, INSERT, UPDATE ON team.contacts TO team_member;

-- Values a concurrent write overwrote (or a delete an edit overruled: field 'deleted'): what the
-- contact page lists with "Restore". Written in the same transaction as the overwriting update,
-- so they reach desktops with that contact's change.
CREATE TABLE team.contact_revisions (
  id bigserial PRIMARY KEY,
  contact_id uuid NOT NULL REFERENCES team.contacts (id),
  field text NOT NULL CHECK (field IN ('name', 'company', 'notes', 'phones', 'deleted')),
  value jsonb,
  value_by text,
  value_at timestamptz,
  replaced_by text NOT NULL DEFAULT current_user,
  replaced_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contact_revisions_by_contact ON team.contact_revisions (contact_id, id);
ALTER TABLE team.contact_revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE team.contact_revisions FORCE ROW LEVEL SECURITY;
CREATE POLICY contact_revisions_team_reads ON team.contact_revisions FOR SELECT TO team_member USING (true);
CREATE POLICY contact_revisions_attributed ON team.contact_revisions FOR INSERT TO team_member
  WITH CHECK (replaced_by = current_user);
GRANT SELECT, INSERT ON team.contact_revisions TO team_member;
GRANT USAGE ON SEQUENCE team.contact_revisions_id_seq TO team_member;

-- Applies a batch of a desktop's contact changes, each a three-way merge against the version the
-- desktop last synced (its base), and returns every resulting row. p_changes is a JSON array of
-- {id, baseVersion (null: never synced), base (fields at baseVersion), mine (fields now; null:
-- deleted here)}. Per field: unchanged here -> the server's value stays; changed here -> this
-- write, ordered last by the server, wins, and a different value the server held since the base
-- (another member's write) is kept as a revision. A delete applies only when nobody changed the
-- contact since the base; otherwise the edit wins, and the overruled delete is a revision. An
-- edit made without having seen a delete brings the contact back (docs/team.md: delete vs edit).
-- SECURITY INVOKER: row-level security and attribution apply to the calling member.
CREATE FUNCTION team.push_contacts(p_changes jsonb)
RETURNS SETOF team.contacts LANGUAGE plpgsql AS $$
DECLARE
  v_change jsonb;
  v_id uuid;
  v_base_version bigint;
  v_base jsonb;
  v_mine jsonb;
  v_cur team.contacts;
  v_fields jsonb;
  v_meta jsonb;
  v_stamp jsonb := jsonb_build_object('by', current_user, 'at', now());
  v_field text;
BEGIN
  FOR v_change IN SELECT value FROM jsonb_array_elements(p_changes) LOOP
    v_id := (v_change ->> 'id')::uuid;
    v_base_version := (v_change ->> 'baseVersion')::bigint;
    v_base := coalesce(nullif(v_change -> 'base', 'null'::jsonb), '{}'::jsonb);
    v_mine := nullif(v_change -> 'mine', 'null'::jsonb);
    SELECT * INTO v_cur FROM team.contacts c WHERE c.id = v_id FOR UPDATE;
    IF NOT FOUND THEN
      IF v_mine IS NULL THEN CONTINUE; END IF; -- deleted before it ever reached the team
      INSERT INTO team.contacts (id, fields, field_meta)
        SELECT v_id, v_mine, coalesce(jsonb_object_agg(k, v_stamp), '{}') FROM jsonb_object_keys(v_mine) k;
    ELSIF v_mine IS NULL THEN
      IF v_cur.deleted THEN
        NULL; -- already a tombstone
      ELSIF v_base_version IS NOT DISTINCT FROM v_cur.version OR v_cur.fields = v_base THEN
        UPDATE team.contacts SET deleted = true WHERE id = v_id;
      ELSE
        -- Changed by someone since the deleter saw it: the edit wins; the delete is on record and
        -- the row moves on in the feed so the deleting desktop gets the contact back.
        INSERT INTO team.contact_revisions (contact_id, field, value, value_by, value_at)
          VALUES (v_id, 'deleted', 'true', current_user, now());
        UPDATE team.contacts SET fields = fields WHERE id = v_id;
      END IF;
    ELSE
      v_fields := v_cur.fields;
      v_meta := v_cur.field_meta;
      FOR v_field IN SELECT jsonb_object_keys(v_mine) LOOP
        CONTINUE WHEN (v_mine -> v_field) IS NOT DISTINCT FROM (v_fields -> v_field); -- same value
        CONTINUE WHEN (v_mine -> v_field) IS NOT DISTINCT FROM (v_base -> v_field); -- not changed here
        IF (v_fields -> v_field) IS DISTINCT FROM (v_base -> v_field) THEN
          INSERT INTO team.contact_revisions (contact_id, field, value, value_by, value_at)
            VALUES (v_id, v_field, v_fields -> v_field, v_meta -> v_field ->> 'by',
                    (v_meta -> v_field ->> 'at')::timestamptz);
        END IF;
        v_fields := jsonb_set(v_fields, ARRAY[v_field], v_mine -> v_field);
        v_meta := jsonb_set(v_meta, ARRAY[v_field], v_stamp);
      END LOOP;
      IF v_cur.deleted AND v_base_version IS DISTINCT FROM v_cur.version THEN
        -- An edit made without seeing the delete: it wins; the delete is kept on record.
        INSERT INTO team.contact_revisions (contact_id, field, value, value_by, value_at)
          VALUES (v_id, 'deleted', 'true', v_cur.changed_by, v_cur.changed_at);
      END IF;
      IF v_fields IS DISTINCT FROM v_cur.fields OR v_cur.deleted THEN
        UPDATE team.contacts SET fields = v_fields, field_meta = v_meta, deleted = false WHERE id = v_id;
      END IF;
    END IF;
    RETURN QUERY SELECT * FROM team.contacts c WHERE c.id = v_id;
  END LOOP;
END $$;

-- Call notes: one per call and author. The author writes (insert, update); the team reads; a note
-- is emptied, never deleted. `call_id` names a team.calls row (the call the note is on).
CREATE TABLE team.call_notes (
  call_id uuid NOT NULL REFERENCES team.calls (id),
  author text NOT NULL DEFAULT current_user,
  body text NOT NULL CHECK (length(body) <= 20000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  revision integer NOT NULL DEFAULT 1,
  change_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  PRIMARY KEY (call_id, author)
);
CREATE INDEX call_notes_by_change ON team.call_notes (change_xid, call_id, author);

CREATE FUNCTION team.call_notes_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.change_xid := pg_current_xact_id();
  NEW.updated_at := now();
  IF TG_OP = 'INSERT' THEN
    NEW.author := current_user;
    NEW.created_at := now();
    NEW.revision := 1;
  ELSE
    NEW.call_id := OLD.call_id;
    NEW.author := OLD.author;
    NEW.created_at := OLD.created_at;
    NEW.revision := OLD.revision + 1;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER call_notes_stamp BEFORE INSERT OR UPDATE ON team.call_notes
  FOR EACH ROW EXECUTE FUNCTION team.call_notes_stamp();
CREATE TRIGGER call_notes_notify AFTER INSERT OR UPDATE ON team.call_notes
  FOR EACH STATEMENT EXECUTE FUNCTION team.contacts_notify();

ALTER TABLE team.call_notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE team.call_notes FORCE ROW LEVEL SECURITY;
CREATE POLICY call_notes_team_reads ON team.call_notes FOR SELECT TO team_member USING (true);
CREATE POLICY call_notes_own_inserts ON team.call_notes FOR INSERT TO team_member WITH CHECK (author = current_user);
CREATE POLICY call_notes_own_updates ON team.call_notes FOR UPDATE TO team_member
  USING (author = current_user) WITH CHECK (author = current_user);
GRANT SELECT, INSERT, UPDATE ON team.call_notes TO team_member;

-- Earlier bodies of a note that a write made without seeing them replaced (the same author on two
-- desktops): the revision rule of contacts, for notes. Insert-only, by the note's author.
CREATE TABLE team.call_note_revisions (
  id bigserial PRIMARY KEY,
  call_id uuid NOT NULL,
  author text NOT NULL DEFAULT current_user,
  body text NOT NULL,
  body_at timestamptz,
  replaced_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (call_id, author) REFERENCES team.call_notes (call_id, author)
);
CREATE INDEX call_note_revisions_by_note ON team.call_note_revisions (call_id, author, id);
ALTER TABLE team.call_note_revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE team.call_note_revisions FORCE ROW LEVEL SECURITY;
CREATE POLICY call_note_revisions_team_reads ON team.call_note_revisions FOR SELECT TO team_member USING (true);
CREATE POLICY call_note_revisions_own ON team.call_note_revisions FOR INSERT TO team_member
  WITH CHECK (author = current_user);
GRANT SELECT, INSERT ON team.call_note_revisions TO team_member;
GRANT USAGE ON SEQUENCE team.call_note_revisions_id_seq TO team_member;

-- Writes a batch of the calling member's notes: p_notes is a JSON array of {teamCallId, body,
-- baseRevision (the note's revision the desktop last synced; null: none)}. A body that replaces
-- one the desktop had not seen (revision moved since its base) keeps that body as a revision.
-- Returns each note's revision after the write. SECURITY INVOKER: RLS applies.
CREATE FUNCTION team.push_notes(p_notes jsonb)
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

REVOKE ALL ON FUNCTION team.push_contacts(jsonb), team.push_notes(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION team.push_contacts(jsonb), team.push_notes(jsonb) TO team_member;

-- Down Migration
DROP FUNCTION team.push_notes(jsonb);
DROP TABLE team.call_note_revisions;
DROP TABLE team.call_notes;
DROP FUNCTION team.call_notes_stamp();
DROP FUNCTION team.push_contacts(jsonb);
DROP TABLE team.contact_revisions;
DROP TABLE team.contacts;
DROP FUNCTION team.contacts_notify();
DROP FUNCTION team.contacts_stamp();
DROP SEQUENCE team.contact_versions;
UPDATE team.schema_info SET version = 1;
