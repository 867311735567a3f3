-- framework: atlas
-- state: failed
-- applied: 20240101120000
-- failed: 20240215093000

-- The second file's second statement failed (--tx-mode none): Atlas recorded
-- 1 of 2 statements applied, the error and the failing statement.
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
    ('20240101120000', 'create_users', 2, 1, 1, '2024-01-01 12:00:00.318+00', 4127000, '', '',
     'bfQxKdv9ZPegnnFfzX/37xV0Su0g15R7nkPJXu0/KtE=', 'null', 'Atlas CLI v0.21.1'),
    ('20240215093000', 'add_phone', 2, 1, 2, '2024-02-15 09:30:00.442+00', 1904000,
     'pq: column "phone" of relation "users" already exists', 'ALTER TABLE users ADD COLUMN phone text;',
     'qn4uj1a9S3ytr6GMtSwdYy2QQAu5lZLx7VdfkFhAZ8Q=', '["h1:bs8kds2R0Fe0UJll/CFts/Eya0MhOsnH+nE+XN3u9Lo="]', 'Atlas CLI v0.21.1');

CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, phone text);
CREATE INDEX users_email_idx ON users (email);
