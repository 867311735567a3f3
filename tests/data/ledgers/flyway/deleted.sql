-- framework: flyway
-- state: healthy
-- applied: 1

-- `flyway repair` after the file of version 2 was removed: a DELETE row
-- marks it deleted, so it no longer counts as applied.
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
    (2, '2', 'add orders', 'SQL', 'V2__add_orders.sql', 1977213372, 'app', '2024-05-02 10:00:00', 20, true),
    (3, '2', 'add orders', 'DELETE', 'V2__add_orders.sql', NULL, 'app', '2024-05-09 08:00:00', 0, true);

CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL);
