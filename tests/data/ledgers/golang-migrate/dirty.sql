-- framework: golang-migrate
-- state: dirty
-- failed: 4

-- Migration 4 failed: golang-migrate set version 4 dirty before running it and
-- never cleared the flag ("Dirty database version 4. Fix and force version.").
CREATE TABLE IF NOT EXISTS "public"."schema_migrations" (version bigint not null primary key, dirty boolean not null);
INSERT INTO "public"."schema_migrations" (version, dirty) VALUES (4, true);

CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, phone text);
