-- Up Migration
-- Team schema version 1: the team's call history with a commit-ordered change feed, the
-- account's call slots (hoiio-api.md §6: 8 live calls per account) and request budget.
-- Runs as the migrator role, which owns everything here; members (role team_member) only get
-- the grants below. Row-level security is FORCED so even the owner's sessions obey policies.

CREATE SCHEMA team;
GRANT USAGE ON SCHEMA team TO team_member;

-- The schema version members read to refuse a server newer than the app knows.
CREATE TABLE team.schema_info (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version integer NOT NULL
);
INSERT INTO team.schema_info (version) VALUES (1);
GRANT SELECT ON team.schema_info TO team_member;

-- One row per call placed by a member's desktop. `id` is the placing desktop's local call id
-- (the Hoiio tag). `record` is the call as that desktop knows it (CallRecord without local-only
-- fields). `change_xid` is the id of the transaction that last wrote the row: readers page
-- through rows by (change_xid, id) below their snapshot's xmin, which never skips a committed row.
CREATE TABLE team.calls (
  id uuid PRIMARY KEY,
  account text NOT NULL CHECK (length(account) BETWEEN 1 AND 200),
  txn_ref text CHECK (txn_ref IS NULL OR length(txn_ref) <= 100),
  placed_by text NOT NULL DEFAULT current_user,
  record jsonb NOT NULL CHECK (jsonb_typeof(record) = 'object' AND pg_column_size(record) < 16384),
  revision integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  change_xid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE UNIQUE INDEX calls_by_account_txn_ref ON team.calls (account, txn_ref) WHERE txn_ref IS NOT NULL;
CREATE INDEX calls_by_change ON team.calls (change_xid, id);

-- Who placed a call is the inserting role, and stays so; every write moves the row forward in the feed.
CREATE FUNCTION team.calls_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.change_xid := pg_current_xact_id();
  NEW.updated_at := now();
  IF TG_OP = 'INSERT' THEN
    NEW.placed_by := current_user;
    NEW.revision := 1;
    NEW.created_at := now();
  ELSE
    NEW.id := OLD.id;
    NEW.account := OLD.account;
    NEW.placed_by := OLD.placed_by;
    NEW.created_at := OLD.created_at;
    NEW.revision := OLD.revision + 1;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER calls_stamp BEFORE INSERT OR UPDATE ON team.calls FOR EACH ROW EXECUTE FUNCTION team.calls_stamp();

-- One notification per writing statement, delivered at commit (LISTEN team_changes).
CREATE FUNCTION team.calls_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('team_changes', 'calls');
  RETURN NULL;
END $$;
CREATE TRIGGER calls_notify AFTER INSERT OR UPDATE ON team.calls FOR EACH STATEMENT EXECUTE FUNCTION team.calls_notify();

ALTER TABLE team.calls ENABLE ROW LEVEL SECURITY;
ALTER TABLE team.calls FORCE ROW LEVEL SECURITY;
CREATE POLICY calls_team_reads ON team.calls FOR SELECT TO team_member USING (true);
CREATE POLICY calls_own_inserts ON team.calls FOR INSERT TO team_member WITH CHECK (placed_by = current_user);
CREATE POLICY calls_own_updates ON team.calls FOR UPDATE TO team_member
  USING (placed_by = current_user) WITH CHECK (placed_by = current_user);
GRANT SELECT, INSERT, UPDATE ON team.calls TO team_member;

-- The account's call slots. Members never touch this table: only the functions below (owned
-- by the migrator, SECURITY DEFINER) do, each under a per-account advisory lock.
CREATE TABLE team.call_slots (
  account text NOT NULL,
  slot integer NOT NULL CHECK (slot BETWEEN 1 AND 64),
  call_id uuid NOT NULL,
  holder text NOT NULL,
  txn_ref text,
  taken_at timestamptz NOT NULL DEFAULT now(),
  lease_until timestamptz NOT NULL,
  PRIMARY KEY (account, slot),
  UNIQUE (account, call_id)
);
ALTER TABLE team.call_slots ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON team.call_slots FROM PUBLIC;

-- Takes a free slot (1..p_limit) for a call, or returns the slot the call already holds
-- (idempotent); NULL when every slot is held, expired leases included: those are freed only by
-- team.free_expired_slot once a member has confirmed the call's state with voice/query_status.
CREATE FUNCTION team.acquire_slot(p_account text, p_call_id uuid, p_limit integer, p_lease_seconds integer)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, team AS $$
DECLARE
  v_slot integer;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('team.call_slots'), hashtext(p_account));
  SELECT s.slot INTO v_slot FROM team.call_slots s WHERE s.account = p_account AND s.call_id = p_call_id;
  IF FOUND THEN RETURN v_slot; END IF;
  SELECT n INTO v_slot FROM generate_series(1, p_limit) n
    WHERE NOT EXISTS (SELECT 1 FROM team.call_slots s WHERE s.account = p_account AND s.slot = n)
    ORDER BY n LIMIT 1;
  IF v_slot IS NULL THEN RETURN NULL; END IF;
  INSERT INTO team.call_slots (account, slot, call_id, holder, lease_until)
    VALUES (p_account, v_slot, p_call_id, session_user, now() + make_interval(secs => p_lease_seconds));
  RETURN v_slot;
END $$;

-- The holder records the call's txn_ref (so others can check it) and renews its leases.
CREATE FUNCTION team.renew_slots(p_account text, p_call_ids uuid[], p_txn_refs text[], p_lease_seconds integer)
RETURNS integer LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, team AS $$
  WITH renewed AS (
    UPDATE team.call_slots s
       SET lease_until = now() + make_interval(secs => p_lease_seconds),
           txn_ref = coalesce(r.txn_ref, s.txn_ref)
      FROM unnest(p_call_ids, p_txn_refs) AS r(call_id, txn_ref)
     WHERE s.account = p_account AND s.call_id = r.call_id AND s.holder = session_user
    RETURNING 1)
  SELECT count(*)::integer FROM renewed;
$$;

-- The holder frees the slot of a call whose final state it knows (or that never reached Hoiio).
CREATE FUNCTION team.release_slot(p_account text, p_call_id uuid)
RETURNS boolean LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, team AS $$
  WITH gone AS (
    DELETE FROM team.call_slots WHERE account = p_account AND call_id = p_call_id AND holder = session_user
    RETURNING 1)
  SELECT EXISTS (SELECT 1 FROM gone);
$$;

-- Slots whose lease ran out (their desktop vanished mid-call): what a checker must confirm.
CREATE FUNCTION team.expired_slots(p_account text)
RETURNS TABLE (slot integer, call_id uuid, holder text, txn_ref text, taken_at timestamptz, lease_until timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, team AS $$
  SELECT s.slot, s.call_id, s.holder, s.txn_ref, s.taken_at, s.lease_until
    FROM team.call_slots s WHERE s.account = p_account AND s.lease_until < now() ORDER BY s.slot;
$$;

-- A checker saw an expired slot's call final (or unknown to Hoiio): the slot is free again.
-- p_still_live: the call is still live at Hoiio, so the slot stays held for another lease.
CREATE FUNCTION team.settle_expired_slot(p_account text, p_call_id uuid, p_still_live boolean, p_lease_seconds integer)
RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, team AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('team.call_slots'), hashtext(p_account));
  IF p_still_live THEN
    UPDATE team.call_slots SET lease_until = now() + make_interval(secs => p_lease_seconds)
     WHERE account = p_account AND call_id = p_call_id AND lease_until < now();
  ELSE
    DELETE FROM team.call_slots WHERE account = p_account AND call_id = p_call_id AND lease_until < now();
  END IF;
  RETURN FOUND;
END $$;

-- Live slots held by the team (for status and tests).
CREATE FUNCTION team.slots_in_use(p_account text)
RETURNS integer LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, team AS $$
  SELECT count(*)::integer FROM team.call_slots WHERE account = p_account;
$$;

-- The account's request budget per endpoint (hoiio-api.md §6: a fixed window per app and
-- endpoint). Desktops take requests in small grants so polling across the team stays under it.
CREATE TABLE team.request_budget (
  account text NOT NULL,
  endpoint text NOT NULL,
  window_start timestamptz NOT NULL,
  used integer NOT NULL,
  PRIMARY KEY (account, endpoint)
);
ALTER TABLE team.request_budget ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON team.request_budget FROM PUBLIC;

-- Grants up to p_wanted requests in the current window of p_window_seconds; when none are
-- left, granted = 0 and retry_ms says when the window reopens.
CREATE FUNCTION team.take_requests(p_account text, p_endpoint text, p_wanted integer, p_limit integer, p_window_seconds integer)
RETURNS TABLE (granted integer, retry_ms integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, team AS $$
DECLARE
  v_row team.request_budget;
  v_now timestamptz := clock_timestamp();
  v_window interval := make_interval(secs => p_window_seconds);
BEGIN
  INSERT INTO team.request_budget VALUES (p_account, p_endpoint, v_now, 0)
    ON CONFLICT (account, endpoint) DO NOTHING;
  SELECT * INTO v_row FROM team.request_budget b
    WHERE b.account = p_account AND b.endpoint = p_endpoint FOR UPDATE;
  IF v_row.window_start + v_window <= v_now THEN
    v_row.window_start := v_now;
    v_row.used := 0;
  END IF;
  granted := greatest(0, least(p_wanted, p_limit - v_row.used));
  UPDATE team.request_budget b SET window_start = v_row.window_start, used = v_row.used + granted
    WHERE b.account = p_account AND b.endpoint = p_endpoint;
  retry_ms := CASE WHEN granted > 0 THEN 0
    ELSE ceil(extract(epoch FROM (v_row.window_start + v_window - v_now)) * 1000)::integer END;
  RETURN NEXT;
END $$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA team FROM PUBLIC;
GRANT EXECUTE ON FUNCTION team.acquire_slot(text, uuid, integer, integer), team.renew_slots(text, uuid[], text[], integer),
  team.release_slot(text, uuid), team.expired_slots(text), team.settle_expired_slot(text, uuid, boolean, integer),
  team.slots_in_use(text), team.take_requests(text, text, integer, integer, integer) TO team_member;

-- Down Migration
DROP SCHEMA team CASCADE;
