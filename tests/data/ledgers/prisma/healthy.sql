-- framework: prisma
-- state: healthy
-- applied: 20240101120000_init, 20240215093000_add_phone

-- Two migrations applied by `prisma migrate deploy`: one row per attempt,
-- finished_at and applied_steps_count = 1 once the script succeeded.
CREATE TABLE "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, phone text);

INSERT INTO "_prisma_migrations"
    (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
VALUES
    ('9b1d7c2e-6f0a-4a53-8d8e-1f2a3b4c5d6e',
     '6df43129dbfd64f7a09e715fcd7ff7ef15744aed20d7947b9e43c95eed3f2ad1',
     '2024-01-01 12:00:05.112+00', '20240101120000_init', NULL, NULL,
     '2024-01-01 12:00:05.031+00', 1),
    ('3e0c4f55-2b7d-4c1e-9a3f-7d6e5c4b3a21',
     'aa7e2e8f56bd4b7cadafa18cb52c1d632d90400bb99592f1ed575f90584067c4',
     '2024-02-15 09:30:02.418+00', '20240215093000_add_phone', NULL, NULL,
     '2024-02-15 09:30:02.377+00', 1);
