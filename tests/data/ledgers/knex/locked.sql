-- framework: knex
-- state: locked
-- applied: 20240101120000_create_users.js, 20240215093000_add_phone.js, 20240215093100_add_email_index.js
-- lock: held

-- A `knex migrate:latest` run was killed while it held the lock: is_locked
-- stays 1 and every knex migrate command fails "Migration table is already locked".
create table "knex_migrations" ("id" serial primary key, "name" varchar(255), "batch" integer, "migration_time" timestamptz);
create table "knex_migrations_lock" ("index" serial primary key, "is_locked" integer);
insert into "knex_migrations_lock" ("is_locked") values (1);
insert into "knex_migrations" ("name", "batch", "migration_time") values
    ('20240101120000_create_users.js', 1, '2024-01-01 12:00:01.204+00'),
    ('20240215093000_add_phone.js', 2, '2024-02-15 09:30:00.871+00'),
    ('20240215093100_add_email_index.js', 2, '2024-02-15 09:30:00.902+00');

create table users (id bigint primary key, email text not null, phone text);
create index users_email_idx on users (email);
