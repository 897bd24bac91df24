#include "store/schema.h"

using namespace Qt::Literals::StringLiterals;

namespace cg {

const QList<QStringList> &sqliteMigrations()
{
    static const QList<QStringList> migrations{
        // 1: jurisdictions, grids, units, users, catalogue overrides, cases, events, attachments, change
        // feed.
        {
            uR"(CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL))"_s,
            uR"(CREATE TABLE jurisdictions (
                code TEXT PRIMARY KEY,
                parent_code TEXT REFERENCES jurisdictions(code),
                level TEXT NOT NULL,
                name TEXT NOT NULL,
                area_class TEXT NOT NULL DEFAULT 'B'))"_s,
            uR"(CREATE TABLE unit_grids (
                id INTEGER PRIMARY KEY,
                code TEXT NOT NULL,
                community_code TEXT NOT NULL REFERENCES jurisdictions(code),
                area_m2 REAL NOT NULL,
                area_class TEXT NOT NULL,
                min_x REAL NOT NULL, min_y REAL NOT NULL, max_x REAL NOT NULL, max_y REAL NOT NULL,
                geometry BLOB NOT NULL,
                valid_from INTEGER NOT NULL DEFAULT 0,
                valid_to INTEGER,
                UNIQUE (code, valid_from)))"_s,
            uR"(CREATE INDEX unit_grids_community ON unit_grids(community_code))"_s,
            uR"(CREATE TABLE units (
                id INTEGER PRIMARY KEY,
                code TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                unit_type TEXT NOT NULL,
                jurisdiction_code TEXT REFERENCES jurisdictions(code)))"_s,
            uR"(CREATE TABLE users (
                id INTEGER PRIMARY KEY,
                login TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                role TEXT NOT NULL,
                jurisdiction_code TEXT REFERENCES jurisdictions(code),
                unit_id INTEGER REFERENCES units(id),
                active INTEGER NOT NULL DEFAULT 1))"_s,
            uR"(CREATE TABLE catalogue_overrides (
                kind TEXT NOT NULL,
                code TEXT NOT NULL,
                area TEXT NOT NULL DEFAULT '*',
                time_limit TEXT, filing_condition TEXT, closing_condition TEXT, unit_type TEXT,
                priority TEXT, key_supervision INTEGER, self_disposal INTEGER, hard_case INTEGER,
                closing_stages TEXT, closing_stage_limits TEXT,
                PRIMARY KEY (kind, code, area)))"_s,
            uR"(CREATE TABLE cases (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                number TEXT UNIQUE,
                version INTEGER NOT NULL,
                state TEXT NOT NULL,
                step TEXT NOT NULL,
                step_due_at INTEGER,
                handling_due_at INTEGER,
                handling_limit TEXT,
                paused_remaining INTEGER NOT NULL DEFAULT -1,
                resume_at INTEGER,
                source TEXT NOT NULL,
                class_kind TEXT NOT NULL,
                class_code TEXT NOT NULL,
                area_class TEXT NOT NULL,
                priority TEXT NOT NULL,
                key_supervision INTEGER NOT NULL,
                hard_case INTEGER NOT NULL,
                hard_case_stage INTEGER NOT NULL DEFAULT 0,
                grid_code TEXT NOT NULL,
                community_code TEXT NOT NULL,
                street_code TEXT NOT NULL,
                district_code TEXT NOT NULL,
                owning_tier TEXT NOT NULL,
                longitude REAL NOT NULL,
                latitude REAL NOT NULL,
                address TEXT NOT NULL DEFAULT '',
                description TEXT NOT NULL DEFAULT '',
                reporter_id INTEGER,
                unit_id INTEGER REFERENCES units(id),
                reported_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                closed_at INTEGER,
                extension_pending INTEGER NOT NULL DEFAULT 0,
                requested_due_at INTEGER,
                extension_count INTEGER NOT NULL DEFAULT 0,
                rework_count INTEGER NOT NULL DEFAULT 0,
                urge_count INTEGER NOT NULL DEFAULT 0,
                last_urge_level TEXT NOT NULL DEFAULT 'ordinary',
                verified_confirmed INTEGER NOT NULL DEFAULT 0,
                closing_type TEXT NOT NULL DEFAULT 'normal',
                hotline_ticket TEXT,
                auto_urged_step TEXT NOT NULL DEFAULT 'none',
                event_count INTEGER NOT NULL DEFAULT 0,
                last_event_hash TEXT NOT NULL DEFAULT ''))"_s,
            uR"(CREATE INDEX cases_queue ON cases(reported_at DESC, id DESC))"_s,
            uR"(CREATE INDEX cases_state_queue ON cases(state, reported_at DESC, id DESC))"_s,
            uR"(CREATE INDEX cases_step_due ON cases(step, step_due_at))"_s,
            uR"(CREATE INDEX cases_due ON cases(step_due_at) WHERE step <> 'none')"_s,
            uR"(CREATE INDEX cases_resume ON cases(resume_at) WHERE state = 'parked')"_s,
            uR"(CREATE INDEX cases_unit ON cases(unit_id, reported_at DESC, id DESC))"_s,
            uR"(CREATE INDEX cases_district ON cases(district_code, reported_at DESC, id DESC))"_s,
            uR"(CREATE INDEX cases_street ON cases(street_code, reported_at DESC, id DESC))"_s,
            uR"(CREATE TABLE case_events (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                case_id INTEGER NOT NULL REFERENCES cases(id),
                seq INTEGER NOT NULL,
                action TEXT NOT NULL,
                from_state TEXT NOT NULL,
                to_state TEXT NOT NULL,
                actor_id INTEGER,
                role TEXT NOT NULL,
                actor_name TEXT NOT NULL DEFAULT '',
                station TEXT NOT NULL DEFAULT '',
                at INTEGER NOT NULL,
                comment TEXT NOT NULL DEFAULT '',
                details TEXT NOT NULL DEFAULT '{}',
                step TEXT NOT NULL,
                step_due_at INTEGER,
                on_time INTEGER NOT NULL,
                request_id TEXT UNIQUE,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL,
                UNIQUE (case_id, seq)))"_s,
            uR"(CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
                BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END)"_s,
            uR"(CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
                BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END)"_s,
            uR"(CREATE TABLE attachments (
                hash TEXT PRIMARY KEY,
                size INTEGER NOT NULL,
                mime_type TEXT NOT NULL,
                original_name TEXT NOT NULL,
                created_at INTEGER NOT NULL))"_s,
            uR"(CREATE TABLE change_feed (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                case_id INTEGER NOT NULL,
                event_id INTEGER NOT NULL,
                action TEXT NOT NULL,
                at INTEGER NOT NULL))"_s,
        },
        // 2: Argon2id password hashes, the database role of each login (PostgreSQL), the access audit.
        {
            uR"(ALTER TABLE users ADD COLUMN password_hash TEXT)"_s,
            uR"(ALTER TABLE users ADD COLUMN db_role TEXT)"_s,
            uR"(CREATE TABLE access_audit (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at INTEGER NOT NULL,
                db_user TEXT NOT NULL,
                login TEXT,
                kind TEXT NOT NULL,
                detail TEXT NOT NULL DEFAULT ''))"_s,
        },
        evaluationMigration().sqlite,
        geodataMigration().sqlite,
        gatewayMigration().sqlite,
        evaluationRollupMigration().sqlite,
        concurrentWritersMigration().sqlite,
        duplicateCellsMigration().sqlite,
        evaluationByActionMigration().sqlite,
        duplicateAnnouncementMigration().sqlite,
    };
    return migrations;
}

const QList<QStringList> &postgresMigrations()
{
    // The same schema as SQLite's, numbered alike, in PostgreSQL's types. Differences, and why:
    // - cases are partitioned by month of report (Beijing time) so that a city's years of cases stay fast to
    //   page, vacuum and archive; the primary key therefore includes reported_at, and case_events cannot
    //   reference cases with a foreign key (the store writes both in one transaction instead);
    // - attachments keep their content in the database, because every station shares it;
    // - every committed change is announced with NOTIFY citygrid_changes (payload: the feed id, or the
    //   table name of a directory change), which is how other stations learn of it without polling.
    static const QList<QStringList> migrations{
        {
            uR"(CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL))"_s,
            uR"(CREATE TABLE jurisdictions (
                code text PRIMARY KEY,
                parent_code text REFERENCES jurisdictions(code),
                level text NOT NULL,
                name text NOT NULL,
                area_class text NOT NULL DEFAULT 'B'))"_s,
            uR"(CREATE TABLE unit_grids (
                id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                code text NOT NULL,
                community_code text NOT NULL REFERENCES jurisdictions(code),
                area_m2 double precision NOT NULL,
                area_class text NOT NULL,
                min_x double precision NOT NULL, min_y double precision NOT NULL,
                max_x double precision NOT NULL, max_y double precision NOT NULL,
                geometry bytea NOT NULL,
                valid_from bigint NOT NULL DEFAULT 0,
                valid_to bigint,
                UNIQUE (code, valid_from)))"_s,
            uR"(CREATE INDEX unit_grids_community ON unit_grids(community_code))"_s,
            uR"(CREATE TABLE units (
                id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                code text NOT NULL UNIQUE,
                name text NOT NULL,
                unit_type text NOT NULL,
                jurisdiction_code text REFERENCES jurisdictions(code)))"_s,
            uR"(CREATE TABLE users (
                id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                login text NOT NULL UNIQUE,
                name text NOT NULL,
                role text NOT NULL,
                jurisdiction_code text REFERENCES jurisdictions(code),
                unit_id bigint REFERENCES units(id),
                active integer NOT NULL DEFAULT 1))"_s,
            uR"(CREATE TABLE catalogue_overrides (
                kind text NOT NULL,
                code text NOT NULL,
                area text NOT NULL DEFAULT '*',
                time_limit text, filing_condition text, closing_condition text, unit_type text,
                priority text, key_supervision integer, self_disposal integer, hard_case integer,
                closing_stages text, closing_stage_limits text,
                PRIMARY KEY (kind, code, area)))"_s,
            // Identity columns cannot be declared on a partitioned table in PostgreSQL 15: a sequence.
            uR"(CREATE SEQUENCE cases_id_seq AS bigint)"_s,
            uR"(CREATE TABLE cases (
                id bigint NOT NULL DEFAULT nextval('cases_id_seq'),
                number text,
                version integer NOT NULL,
                state text NOT NULL,
                step text NOT NULL,
                step_due_at bigint,
                handling_due_at bigint,
                handling_limit text,
                paused_remaining bigint NOT NULL DEFAULT -1,
                resume_at bigint,
                source text NOT NULL,
                class_kind text NOT NULL,
                class_code text NOT NULL,
                area_class text NOT NULL,
                priority text NOT NULL,
                key_supervision integer NOT NULL,
                hard_case integer NOT NULL,
                hard_case_stage integer NOT NULL DEFAULT 0,
                grid_code text NOT NULL,
                community_code text NOT NULL,
                street_code text NOT NULL,
                district_code text NOT NULL,
                owning_tier text NOT NULL,
                longitude double precision NOT NULL,
                latitude double precision NOT NULL,
                address text NOT NULL DEFAULT '',
                description text NOT NULL DEFAULT '',
                reporter_id bigint,
                unit_id bigint REFERENCES units(id),
                reported_at bigint NOT NULL,
                updated_at bigint NOT NULL,
                closed_at bigint,
                extension_pending integer NOT NULL DEFAULT 0,
                requested_due_at bigint,
                extension_count integer NOT NULL DEFAULT 0,
                rework_count integer NOT NULL DEFAULT 0,
                urge_count integer NOT NULL DEFAULT 0,
                last_urge_level text NOT NULL DEFAULT 'ordinary',
                verified_confirmed integer NOT NULL DEFAULT 0,
                closing_type text NOT NULL DEFAULT 'normal',
                hotline_ticket text,
                auto_urged_step text NOT NULL DEFAULT 'none',
                event_count integer NOT NULL DEFAULT 0,
                last_event_hash text NOT NULL DEFAULT '',
                PRIMARY KEY (id, reported_at)) PARTITION BY RANGE (reported_at))"_s,
            uR"(ALTER SEQUENCE cases_id_seq OWNED BY cases.id)"_s,
            // One partition per month (Beijing time), and a default one for anything else. The migration
            // makes 2025 to 2027; the store adds the coming year's months whenever its owner opens it
            // (cg_ensure_case_partitions), so no month ever falls into the default partition in practice.
            // Few partitions up front keep a new database small and quick to create.
            uR"(CREATE FUNCTION cg_add_case_partition(month date) RETURNS void LANGUAGE plpgsql AS $$
                DECLARE
                    lower_ms bigint := (extract(epoch FROM (month::timestamp AT TIME ZONE 'Asia/Shanghai'))
                                        * 1000)::bigint;
                    upper_ms bigint := (extract(epoch FROM ((month + interval '1 month')::timestamp
                                        AT TIME ZONE 'Asia/Shanghai')) * 1000)::bigint;
                BEGIN
                    EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF cases FOR VALUES FROM (%s) TO (%s)',
                                   'cases_' || to_char(month, 'YYYYMM'), lower_ms, upper_ms);
                END $$)"_s,
            uR"(SELECT cg_add_case_partition(m::date)
                FROM generate_series(date '2025-01-01', date '2027-12-01', interval '1 month') AS m)"_s,
            uR"(CREATE TABLE cases_other PARTITION OF cases DEFAULT)"_s,
            // Adds the partitions from last month to `months_ahead` months ahead; only the owner of cases
            // can, so for anyone else it does nothing. Returns how many it added.
            uR"(CREATE FUNCTION cg_ensure_case_partitions(months_ahead integer) RETURNS integer
                LANGUAGE plpgsql AS $$
                DECLARE
                    month date;
                    added integer := 0;
                BEGIN
                    IF NOT pg_has_role(current_user, (SELECT relowner FROM pg_class
                                                      WHERE oid = 'cases'::regclass), 'USAGE') THEN
                        RETURN 0;
                    END IF;
                    FOR month IN SELECT m::date FROM generate_series(
                            date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') - interval '1 month',
                            date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai')
                                + make_interval(months => months_ahead), interval '1 month') AS m LOOP
                        IF to_regclass('cases_' || to_char(month, 'YYYYMM')) IS NULL THEN
                            PERFORM cg_add_case_partition(month);
                            added := added + 1;
                        END IF;
                    END LOOP;
                    RETURN added;
                END $$)"_s,
            uR"(CREATE INDEX cases_id ON cases(id))"_s,
            uR"(CREATE INDEX cases_number ON cases(number))"_s,
            uR"(CREATE INDEX cases_queue ON cases(reported_at DESC, id DESC))"_s,
            uR"(CREATE INDEX cases_state_queue ON cases(state, reported_at DESC, id DESC))"_s,
            uR"(CREATE INDEX cases_step_due ON cases(step, step_due_at))"_s,
            uR"(CREATE INDEX cases_due ON cases(step_due_at) WHERE step <> 'none')"_s,
            uR"(CREATE INDEX cases_resume ON cases(resume_at) WHERE state = 'parked')"_s,
            uR"(CREATE INDEX cases_unit ON cases(unit_id, reported_at DESC, id DESC))"_s,
            uR"(CREATE INDEX cases_district ON cases(district_code, reported_at DESC, id DESC))"_s,
            uR"(CREATE INDEX cases_street ON cases(street_code, reported_at DESC, id DESC))"_s,
            uR"(CREATE INDEX cases_hotline ON cases(hotline_ticket) WHERE hotline_ticket IS NOT NULL)"_s,
            uR"(CREATE TABLE case_events (
                id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                case_id bigint NOT NULL,
                seq integer NOT NULL,
                action text NOT NULL,
                from_state text NOT NULL,
                to_state text NOT NULL,
                actor_id bigint,
                role text NOT NULL,
                actor_name text NOT NULL DEFAULT '',
                station text NOT NULL DEFAULT '',
                at bigint NOT NULL,
                comment text NOT NULL DEFAULT '',
                details text NOT NULL DEFAULT '{}',
                step text NOT NULL,
                step_due_at bigint,
                on_time integer NOT NULL,
                request_id text UNIQUE,
                prev_hash text NOT NULL,
                hash text NOT NULL,
                UNIQUE (case_id, seq)))"_s,
            uR"(CREATE FUNCTION cg_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'case events are append-only'; END $$)"_s,
            uR"(CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
                FOR EACH ROW EXECUTE FUNCTION cg_append_only())"_s,
            uR"(CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
                FOR EACH ROW EXECUTE FUNCTION cg_append_only())"_s,
            uR"(CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON case_events
                FOR EACH STATEMENT EXECUTE FUNCTION cg_append_only())"_s,
            uR"(CREATE TABLE attachments (
                hash text PRIMARY KEY,
                size bigint NOT NULL,
                mime_type text NOT NULL,
                original_name text NOT NULL,
                created_at bigint NOT NULL,
                content bytea NOT NULL))"_s,
            uR"(CREATE TABLE change_feed (
                id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                case_id bigint NOT NULL,
                event_id bigint NOT NULL,
                action text NOT NULL,
                at bigint NOT NULL))"_s,
            // NOTIFY is delivered at commit and never for a rolled-back transaction: exactly "committed".
            uR"(CREATE FUNCTION cg_notify_case_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM pg_notify('citygrid_changes', NEW.id::text); RETURN NULL; END $$)"_s,
            uR"(CREATE TRIGGER change_feed_notify AFTER INSERT ON change_feed
                FOR EACH ROW EXECUTE FUNCTION cg_notify_case_change())"_s,
            uR"(CREATE FUNCTION cg_notify_directory_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM pg_notify('citygrid_changes', TG_TABLE_NAME); RETURN NULL; END $$)"_s,
            uR"(CREATE TRIGGER jurisdictions_notify AFTER INSERT OR UPDATE OR DELETE ON jurisdictions
                FOR EACH STATEMENT EXECUTE FUNCTION cg_notify_directory_change())"_s,
            uR"(CREATE TRIGGER unit_grids_notify AFTER INSERT OR UPDATE OR DELETE ON unit_grids
                FOR EACH STATEMENT EXECUTE FUNCTION cg_notify_directory_change())"_s,
            uR"(CREATE TRIGGER units_notify AFTER INSERT OR UPDATE OR DELETE ON units
                FOR EACH STATEMENT EXECUTE FUNCTION cg_notify_directory_change())"_s,
            uR"(CREATE TRIGGER users_notify AFTER INSERT OR UPDATE OR DELETE ON users
                FOR EACH STATEMENT EXECUTE FUNCTION cg_notify_directory_change())"_s,
            uR"(CREATE TRIGGER catalogue_overrides_notify AFTER INSERT OR UPDATE OR DELETE
                ON catalogue_overrides FOR EACH STATEMENT EXECUTE FUNCTION cg_notify_directory_change())"_s,
        },
        // 2: security. Every CityGrid login is a database role (cg_<login>) in the group citygrid_station;
        // row-level security limits a station's connection to the cases of its user's jurisdiction or unit,
        // whatever SQL it sends. The tables' owner (the administrator) is not limited. Password hashes are
        // Argon2id and readable by the owner only; the server itself checks role passwords (SCRAM).
        {
            uR"(ALTER TABLE users ADD COLUMN password_hash text)"_s,
            uR"(ALTER TABLE users ADD COLUMN db_role text UNIQUE)"_s,
            uR"(CREATE TABLE access_audit (
                id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                at bigint NOT NULL DEFAULT (extract(epoch FROM clock_timestamp()) * 1000)::bigint,
                db_user text NOT NULL DEFAULT session_user,
                login text,
                kind text NOT NULL,
                detail text NOT NULL DEFAULT ''))"_s,
            // Roles belong to the whole server: another CityGrid database on it may have made the group.
            uR"(DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'citygrid_station') THEN
                    CREATE ROLE citygrid_station NOLOGIN;
                END IF; END $$)"_s,
            uR"(GRANT SELECT ON meta, jurisdictions, unit_grids, units, catalogue_overrides, attachments
                TO citygrid_station)"_s,
            uR"(GRANT SELECT (id, login, name, role, jurisdiction_code, unit_id, active, db_role) ON users
                TO citygrid_station)"_s,
            uR"(GRANT INSERT ON attachments TO citygrid_station)"_s,
            uR"(GRANT SELECT, INSERT, UPDATE ON cases TO citygrid_station)"_s,
            uR"(GRANT SELECT, INSERT ON case_events, change_feed TO citygrid_station)"_s,
            uR"(GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO citygrid_station)"_s,
            // The scope of the connected login, read once per statement (InitPlans), so that a queue page
            // stays an index scan: the jurisdiction prefix (a city covers every code starting with its
            // significant digits) or the responsible unit.
            uR"(CREATE FUNCTION cg_scope_prefix() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
                SET search_path = public AS $$
                SELECT CASE WHEN u.role = 'unit_handler' OR u.jurisdiction_code IS NULL THEN NULL
                            WHEN j.level = 'city' THEN regexp_replace(u.jurisdiction_code, '(00)+$', '')
                            ELSE u.jurisdiction_code END
                FROM users u LEFT JOIN jurisdictions j ON j.code = u.jurisdiction_code
                WHERE u.db_role = session_user AND u.active = 1 $$)"_s,
            uR"(CREATE FUNCTION cg_scope_unit() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER
                SET search_path = public AS $$
                SELECT unit_id FROM users
                WHERE db_role = session_user AND active = 1 AND role = 'unit_handler' $$)"_s,
            uR"(ALTER TABLE cases ENABLE ROW LEVEL SECURITY)"_s,
            uR"(CREATE POLICY cases_in_scope ON cases TO citygrid_station
                USING (starts_with(community_code, (SELECT cg_scope_prefix()))
                       OR unit_id = (SELECT cg_scope_unit()))
                WITH CHECK (starts_with(community_code, (SELECT cg_scope_prefix()))
                            OR unit_id = (SELECT cg_scope_unit())))"_s,
            uR"(ALTER TABLE case_events ENABLE ROW LEVEL SECURITY)"_s,
            uR"(CREATE POLICY case_events_in_scope ON case_events TO citygrid_station
                USING (EXISTS (SELECT 1 FROM cases c WHERE c.id = case_events.case_id))
                WITH CHECK (EXISTS (SELECT 1 FROM cases c WHERE c.id = case_events.case_id)))"_s,
            uR"(ALTER TABLE change_feed ENABLE ROW LEVEL SECURITY)"_s,
            uR"(CREATE POLICY change_feed_in_scope ON change_feed TO citygrid_station
                USING (EXISTS (SELECT 1 FROM cases c WHERE c.id = change_feed.case_id))
                WITH CHECK (EXISTS (SELECT 1 FROM cases c WHERE c.id = change_feed.case_id)))"_s,
            // Stations write the audit only through this function, and never read or change it.
            uR"(CREATE FUNCTION cg_audit(kind text, login text, detail text) RETURNS void LANGUAGE sql
                SECURITY DEFINER SET search_path = public AS $$
                INSERT INTO access_audit(db_user, login, kind, detail) VALUES (session_user, login, kind, detail)
                $$)"_s,
            uR"(REVOKE ALL ON FUNCTION cg_audit(text, text, text) FROM PUBLIC)"_s,
            uR"(GRANT EXECUTE ON FUNCTION cg_audit(text, text, text) TO citygrid_station)"_s,
        },
        evaluationMigration().postgresql,
        geodataMigration().postgresql,
        gatewayMigration().postgresql,
        evaluationRollupMigration().postgresql,
        concurrentWritersMigration().postgresql,
        duplicateCellsMigration().postgresql,
        evaluationByActionMigration().postgresql,
        duplicateAnnouncementMigration().postgresql,
    };
    return migrations;
}

} // namespace cg
