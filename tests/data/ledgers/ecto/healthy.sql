-- framework: ecto
-- state: healthy
-- applied: 20240101120000, 20240215093000

-- `mix ecto.migrate`: schema_migrations(version bigint, inserted_at timestamp(0)).
CREATE TABLE "schema_migrations" ("version" bigint, "inserted_at" timestamp(0), PRIMARY KEY ("version"));
INSERT INTO "schema_migrations" ("version", "inserted_at") VALUES (20240101120000, '2024-01-01 12:00:01');
INSERT INTO "schema_migrations" ("version", "inserted_at") VALUES (20240215093000, '2024-02-15 09:30:00');

CREATE TABLE "users" ("id" bigserial, "email" varchar(255) NOT NULL, "phone" varchar(255), PRIMARY KEY ("id"));
