-- framework: hasura
-- state: dirty
-- applied: 1610000000001, 1610000000002
-- failed: 1610000000003

-- A version marked dirty (the CLI's SetVersion upserts the flag): the
-- migration was started and not finished, and may be half-applied.
CREATE SCHEMA IF NOT EXISTS hdb_catalog;
CREATE TABLE hdb_catalog.schema_migrations (version bigint not null primary key, dirty boolean not null);

INSERT INTO hdb_catalog.schema_migrations (version, dirty) VALUES
    (1610000000001, false),
    (1610000000002, false),
    (1610000000003, true);

CREATE TABLE public.author (id serial PRIMARY KEY, name text NOT NULL);
