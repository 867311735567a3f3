-- framework: hasura
-- state: healthy
-- applied: 1610000000001, 1610000000002, 1610000000003

-- Hasura CLI before v1.4 (config v2): one row per applied version in
-- hdb_catalog.schema_migrations, each inserted with dirty false.
CREATE SCHEMA IF NOT EXISTS hdb_catalog;
CREATE TABLE hdb_catalog.schema_migrations (version bigint not null primary key, dirty boolean not null);

INSERT INTO hdb_catalog.schema_migrations (version, dirty) VALUES
    (1610000000001, false),
    (1610000000002, false),
    (1610000000003, false);

CREATE TABLE public.author (id serial PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.article (id serial PRIMARY KEY, author_id integer REFERENCES public.author (id));
