-- framework: laravel
-- state: healthy
-- applied: 2014_10_12_000000_create_users_table, 2019_08_19_000000_create_failed_jobs_table, 2024_02_15_093000_add_phone_to_users_table

-- `php artisan migrate` twice (batches 1 and 2): migrations(id, migration, batch)
-- as the schema builder creates it on PostgreSQL.
create table "migrations" ("id" serial not null primary key, "migration" varchar(255) not null, "batch" integer not null);
insert into "migrations" ("migration", "batch") values
    ('2014_10_12_000000_create_users_table', 1),
    ('2019_08_19_000000_create_failed_jobs_table', 1),
    ('2024_02_15_093000_add_phone_to_users_table', 2);

create table "users" ("id" bigserial not null primary key, "email" varchar(255) not null, "phone" varchar(255) null);
create table "failed_jobs" ("id" bigserial not null primary key, "uuid" varchar(255) not null, "payload" text not null);
