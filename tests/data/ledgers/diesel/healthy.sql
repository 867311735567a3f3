-- framework: diesel
-- state: healthy
-- applied: 00000000000000, 20240101120000, 20240215093000

-- `diesel migration run`, including the initial setup migration that
-- `diesel setup` generates (00000000000000_diesel_initial_setup).
CREATE TABLE IF NOT EXISTS __diesel_schema_migrations (
       version VARCHAR(50) PRIMARY KEY NOT NULL,
       run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO __diesel_schema_migrations (version, run_on) VALUES
    ('00000000000000', '2024-01-01 11:59:58.201'),
    ('20240101120000', '2024-01-01 12:00:00.734'),
    ('20240215093000', '2024-02-15 09:30:00.062');

CREATE TABLE users (id SERIAL PRIMARY KEY, email VARCHAR NOT NULL, phone VARCHAR);
