-- framework: flyway
-- state: failed
-- applied: 1, 1.1
-- failed: 2

-- A migration that could not run in a transaction (CREATE INDEX CONCURRENTLY,
-- executeInTransaction=false) failed: on PostgreSQL only then does Flyway
-- write a row with success false. Its first statement took effect.
CREATE TABLE "public"."flyway_schema_history" (
    "installed_rank" INT NOT NULL,
    "version" VARCHAR(50),
    "description" VARCHAR(200) NOT NULL,
    "type" VARCHAR(20) NOT NULL,
    "script" VARCHAR(1000) NOT NULL,
    "checksum" INTEGER,
    "installed_by" VARCHAR(100) NOT NULL,
    "installed_on" TIMESTAMP NOT NULL DEFAULT now(),
    "execution_time" INTEGER NOT NULL,
    "success" BOOLEAN NOT NULL
);
ALTER TABLE "public"."flyway_schema_history" ADD CONSTRAINT "flyway_schema_history_pk" PRIMARY KEY ("installed_rank");
CREATE INDEX "flyway_schema_history_s_idx" ON "public"."flyway_schema_history" ("success");

INSERT INTO "public"."flyway_schema_history" ("installed_rank", "version", "description", "type", "script", "checksum", "installed_by", "installed_on", "execution_time", "success") VALUES
    (1, '1', 'init', 'SQL', 'V1__init.sql', 1139530073, 'app', '2024-05-01 10:00:00', 41, true),
    (2, '1.1', 'add users', 'SQL', 'V1.1__add_users.sql', -1522384470, 'app', '2024-05-01 10:00:01', 12, true),
    (3, '2', 'index emails', 'SQL', 'V2__index_emails.sql', 602948231, 'app', '2024-05-03 14:12:09', 1833, false);

CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL);
CREATE INDEX users_email_idx ON users (email);
