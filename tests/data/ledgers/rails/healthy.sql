-- framework: rails
-- state: healthy
-- applied: 20240101120000, 20240215093000, 20240301101500

-- `bin/rails db:migrate` on Rails 7: one schema_migrations row per applied
-- version, and ar_internal_metadata recording the environment.
CREATE TABLE schema_migrations (
    version character varying NOT NULL PRIMARY KEY
);
CREATE TABLE ar_internal_metadata (
    key character varying NOT NULL PRIMARY KEY,
    value character varying,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);
CREATE TABLE users (
    id bigserial PRIMARY KEY,
    email character varying NOT NULL,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);

INSERT INTO schema_migrations (version) VALUES
    ('20240101120000'), ('20240215093000'), ('20240301101500');
INSERT INTO ar_internal_metadata (key, value, created_at, updated_at) VALUES
    ('environment', 'production', '2024-01-01 12:00:04.118295', '2024-01-01 12:00:04.118295');
