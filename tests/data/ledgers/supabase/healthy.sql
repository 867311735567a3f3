-- framework: supabase
-- state: healthy
-- applied: 20240101120000, 20240215093000

-- `supabase db push`: the CLI's own schema, each row with the file's name
-- and the statements that were executed.
CREATE SCHEMA IF NOT EXISTS supabase_migrations;
CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY);
ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS statements text[];
ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS name text;
CREATE TABLE IF NOT EXISTS supabase_migrations.seed_files (path text NOT NULL PRIMARY KEY, hash text NOT NULL);

INSERT INTO supabase_migrations.schema_migrations (version, name, statements) VALUES
    ('20240101120000', 'create_users',
     ARRAY['create table users (id bigint primary key, email text not null)']),
    ('20240215093000', 'add_phone', ARRAY['alter table users add column phone text']);
INSERT INTO supabase_migrations.seed_files (path, hash) VALUES
    ('supabase/seed.sql', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');

create table users (id bigint primary key, email text not null, phone text);
