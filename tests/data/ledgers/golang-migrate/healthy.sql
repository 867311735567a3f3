-- framework: golang-migrate
-- state: healthy
-- applied: 3

-- `migrate up` finished at version 3: one row, dirty = false. golang-migrate
-- keeps no history, so versions 1 and 2 are applied without a row of their own.
CREATE TABLE IF NOT EXISTS "public"."schema_migrations" (version bigint not null primary key, dirty boolean not null);
INSERT INTO "public"."schema_migrations" (version, dirty) VALUES (3, false);

CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, phone text);
