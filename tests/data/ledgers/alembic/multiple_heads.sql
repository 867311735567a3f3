-- framework: alembic
-- state: multiple_heads
-- applied: 1975ea83b712, ae1027a6acf0

-- Two branches from the same parent were both upgraded and never merged: one
-- row per head. Sorted by revision id in the expected list.
CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL,
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO alembic_version (version_num) VALUES ('ae1027a6acf0');
INSERT INTO alembic_version (version_num) VALUES ('1975ea83b712');

CREATE TABLE account (id serial PRIMARY KEY, name varchar(50) NOT NULL, email varchar(200));
CREATE TABLE audit_log (id serial PRIMARY KEY, account_id integer REFERENCES account (id));
