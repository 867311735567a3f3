-- framework: node-pg-migrate
-- state: healthy
-- applied: 1704110400000_create-users, 1707989400000_add-phone

-- `node-pg-migrate up`: one pgmigrations row per file name (no extension).
CREATE TABLE "public"."pgmigrations" ( id SERIAL PRIMARY KEY, name varchar(255) NOT NULL, run_on timestamp NOT NULL);
INSERT INTO "public"."pgmigrations" (name, run_on) VALUES ('1704110400000_create-users', '2024-01-01 12:00:00.512');
INSERT INTO "public"."pgmigrations" (name, run_on) VALUES ('1707989400000_add-phone', '2024-02-15 09:30:00.230');

CREATE TABLE "users" ("id" serial PRIMARY KEY, "email" text NOT NULL, "phone" text);
