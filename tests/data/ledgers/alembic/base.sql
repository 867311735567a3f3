-- framework: alembic
-- state: healthy

-- Alembic after `alembic downgrade base` (or before the first upgrade): the
-- version table exists and is empty.
CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL,
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
