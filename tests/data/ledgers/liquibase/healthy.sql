-- framework: liquibase
-- state: healthy
-- applied: 1::alice::db/changelog/db.changelog-master.yaml, 2::alice::db/changelog/db.changelog-master.yaml, seed-countries::bob::db/changelog/seed.sql

-- Liquibase (PostgreSQL DDL of its generators; unquoted, so lower-case) after
-- two updates, one changeset recorded by changelog-sync (MARK_RAN). The lock
-- row is released.
CREATE TABLE public.databasechangelog (ID VARCHAR(255) NOT NULL, AUTHOR VARCHAR(255) NOT NULL, FILENAME VARCHAR(255) NOT NULL, DATEEXECUTED TIMESTAMP WITHOUT TIME ZONE NOT NULL, ORDEREXECUTED INTEGER NOT NULL, EXECTYPE VARCHAR(10) NOT NULL, MD5SUM VARCHAR(35), DESCRIPTION VARCHAR(255), COMMENTS VARCHAR(255), TAG VARCHAR(255), LIQUIBASE VARCHAR(20), CONTEXTS VARCHAR(255), LABELS VARCHAR(255), DEPLOYMENT_ID VARCHAR(10));
CREATE TABLE public.databasechangeloglock (ID INTEGER NOT NULL, LOCKED BOOLEAN NOT NULL, LOCKGRANTED TIMESTAMP WITHOUT TIME ZONE, LOCKEDBY VARCHAR(255), CONSTRAINT DATABASECHANGELOGLOCK_PKEY PRIMARY KEY (ID));

INSERT INTO public.databasechangeloglock (ID, LOCKED) VALUES (1, FALSE);
INSERT INTO public.databasechangelog (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, EXECTYPE, MD5SUM, DESCRIPTION, COMMENTS, TAG, LIQUIBASE, CONTEXTS, LABELS, DEPLOYMENT_ID) VALUES
    ('1', 'alice', 'db/changelog/db.changelog-master.yaml', '2024-05-01 10:00:00.123', 1, 'EXECUTED', '9:2cdf9876e74347162401315d34b83746', 'createTable tableName=person', '', NULL, '4.27.0', NULL, NULL, '4557600123'),
    ('2', 'alice', 'db/changelog/db.changelog-master.yaml', '2024-05-01 10:00:00.456', 2, 'EXECUTED', '9:8c0b3bd9a3ab9b0b54df4f1e0d5c2ea1', 'addColumn tableName=person', '', NULL, '4.27.0', NULL, NULL, '4557600123'),
    ('seed-countries', 'bob', 'db/changelog/seed.sql', '2024-05-02 09:00:00.789', 3, 'MARK_RAN', '9:6f3e2a1b0c9d8e7f6a5b4c3d2e1f0a9b', 'sql', '', NULL, '4.27.0', NULL, NULL, '4642400456');

CREATE TABLE person (id serial PRIMARY KEY, name varchar(50) NOT NULL, address1 varchar(50));
