-- framework: alembic
-- state: healthy
-- applied: 27c6a30d7c24

-- Alembic after `alembic upgrade head` along one line of revisions: the table
-- holds only the current head (version_table_pk=True, the default).
CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL,
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO alembic_version (version_num) VALUES ('27c6a30d7c24');

CREATE TABLE account (id serial PRIMARY KEY, name varchar(50) NOT NULL);
