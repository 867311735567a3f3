-- framework: dbmate
-- state: healthy
-- applied: 20240101120000, 20240215093000

-- `dbmate up` on PostgreSQL: a single varchar column, one row per version,
-- and no ar_internal_metadata (which would make it Rails').
create table if not exists public.schema_migrations (version varchar primary key);
insert into public.schema_migrations (version) values ('20240101120000'), ('20240215093000');

create table users (id bigint primary key, email text not null, phone text);
