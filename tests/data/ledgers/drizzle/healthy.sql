-- framework: drizzle
-- state: healthy
-- applied: 1704110400000, 1707989400000

-- drizzle-orm's migrate() on PostgreSQL: schema "drizzle", one row per
-- journal entry with the sha256 of its .sql file and the entry's `when`.
CREATE SCHEMA IF NOT EXISTS "drizzle";
CREATE TABLE IF NOT EXISTS "drizzle"."__drizzle_migrations" (
    id SERIAL PRIMARY KEY,
    hash text NOT NULL,
    created_at bigint
);
insert into "drizzle"."__drizzle_migrations" ("hash", "created_at") values
    ('6df43129dbfd64f7a09e715fcd7ff7ef15744aed20d7947b9e43c95eed3f2ad1', 1704110400000),
    ('aa7e2e8f56bd4b7cadafa18cb52c1d632d90400bb99592f1ed575f90584067c4', 1707989400000);

CREATE TABLE "users" ("id" bigint PRIMARY KEY, "email" text NOT NULL, "phone" text);
