-- framework: atlas
-- state: healthy
-- applied: 20240101120000, 20240215093000

-- `atlas migrate apply`: one row per file, applied = total, error empty (Atlas
-- writes '' rather than NULL), plus the row naming the table for Atlas Cloud.
-- The ent schema of cmd/atlas (PostgreSQL types as ent maps them), in public
-- as when the URL is schema-scoped.
CREATE TABLE "atlas_schema_revisions" (
    "version" character varying NOT NULL,
    "description" character varying NOT NULL,
    "type" bigint NOT NULL DEFAULT 2,
    "applied" bigint NOT NULL DEFAULT 0,
    "total" bigint NOT NULL DEFAULT 0,
    "executed_at" timestamptz NOT NULL,
    "execution_time" bigint NOT NULL,
    "error" text NULL,
    "error_stmt" text NULL,
    "hash" character varying NOT NULL,
    "partial_hashes" jsonb NULL,
    "operator_version" character varying NOT NULL,
    PRIMARY KEY ("version")
);
INSERT INTO "atlas_schema_revisions" ("version", "description", "type", "applied", "total", "executed_at", "execution_time", "error", "error_stmt", "hash", "partial_hashes", "operator_version") VALUES
    ('.atlas_cloud_identifier', '6f1c7e0a-3d2b-4c5e-9f8a-1b2c3d4e5f60', 2, 0, 0, '2024-01-01 12:00:00.101+00', 0, NULL, NULL, '', NULL, 'Atlas CLI v0.21.1'),
    ('20240101120000', 'create_users', 2, 1, 1, '2024-01-01 12:00:00.318+00', 4127000, '', '',
     'bfQxKdv9ZPegnnFfzX/37xV0Su0g15R7nkPJXu0/KtE=', 'null', 'Atlas CLI v0.21.1'),
    ('20240215093000', 'add_phone', 2, 2, 2, '2024-02-15 09:30:00.442+00', 2210000, '', '',
     'qn4uj1a9S3ytr6GMtSwdYy2QQAu5lZLx7VdfkFhAZ8Q=', 'null', 'Atlas CLI v0.21.1');

CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, phone text);
CREATE INDEX users_email_idx ON users (email);
