-- framework: sqlx
-- state: healthy
-- applied: 20240101120000, 20240215093000, 20240301101500

-- `sqlx migrate run` on PostgreSQL: each row inserted with success = TRUE in
-- the migration's transaction, then execution_time (ns) set after the commit.
-- The last one's connection dropped before that update: execution_time = -1.
CREATE TABLE IF NOT EXISTS _sqlx_migrations (
    version BIGINT PRIMARY KEY,
    description TEXT NOT NULL,
    installed_on TIMESTAMPTZ NOT NULL DEFAULT now(),
    success BOOLEAN NOT NULL,
    checksum BYTEA NOT NULL,
    execution_time BIGINT NOT NULL
);
INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time) VALUES
    (20240101120000, 'create users', '2024-01-01 12:00:00.41+00', TRUE,
     decode('ccc07995a8744fe42f85efb99a0d7736df5e3baa5f20beee31d02ad6da00e37d3bdb02d7cde288119c9c34c829f63c74', 'hex'), 4127000),
    (20240215093000, 'add phone', '2024-02-15 09:30:00.12+00', TRUE,
     decode('316904ae7370f099ea7aceb7760f899acfd6b21aac62a38c12a4237a7d56453058df8c1497c07948fbfb7e20607e68db', 'hex'), 1830500),
    (20240301101500, 'add email index', '2024-03-01 10:15:00.77+00', TRUE,
     decode('d92ef4c2f2dc5981c28fef5b6cce167b99cfe27ac558b3ae7702e111f9db8504ece9cb49c1fe48375093e0ba3545ac1b', 'hex'), -1);

CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, phone text);
CREATE INDEX users_email_idx ON users (email);
