-- framework: sqitch
-- state: failed
-- applied: appschema
-- failed: flips

-- `sqitch deploy` (default mode all) deployed users, then the deploy script
-- of flips failed: Sqitch logged a fail event and reverted users, which it
-- had deployed in the same run. Only appschema is left deployed.
CREATE SCHEMA sqitch;

COMMENT ON SCHEMA sqitch IS 'Sqitch database deployment metadata v1.1.';

CREATE TABLE sqitch.releases (
    version         REAL        PRIMARY KEY,
    installed_at    TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    installer_name  TEXT        NOT NULL,
    installer_email TEXT        NOT NULL
);

CREATE TABLE sqitch.projects (
    project         TEXT        PRIMARY KEY,
    uri             TEXT            NULL UNIQUE,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    creator_name    TEXT        NOT NULL,
    creator_email   TEXT        NOT NULL
);

CREATE TABLE sqitch.changes (
    change_id       TEXT        PRIMARY KEY,
    script_hash     TEXT            NULL,
    change          TEXT        NOT NULL,
    project         TEXT        NOT NULL REFERENCES sqitch.projects(project) ON UPDATE CASCADE,
    note            TEXT        NOT NULL DEFAULT '',
    committed_at    TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    committer_name  TEXT        NOT NULL,
    committer_email TEXT        NOT NULL,
    planned_at      TIMESTAMPTZ NOT NULL,
    planner_name    TEXT        NOT NULL,
    planner_email   TEXT        NOT NULL,
    UNIQUE(project, script_hash)
);

CREATE TABLE sqitch.tags (
    tag_id          TEXT        PRIMARY KEY,
    tag             TEXT        NOT NULL,
    project         TEXT        NOT NULL REFERENCES sqitch.projects(project) ON UPDATE CASCADE,
    change_id       TEXT        NOT NULL REFERENCES sqitch.changes(change_id) ON UPDATE CASCADE,
    note            TEXT        NOT NULL DEFAULT '',
    committed_at    TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    committer_name  TEXT        NOT NULL,
    committer_email TEXT        NOT NULL,
    planned_at      TIMESTAMPTZ NOT NULL,
    planner_name    TEXT        NOT NULL,
    planner_email   TEXT        NOT NULL,
    UNIQUE(project, tag)
);

CREATE TABLE sqitch.dependencies (
    change_id       TEXT        NOT NULL REFERENCES sqitch.changes(change_id) ON UPDATE CASCADE ON DELETE CASCADE,
    type            TEXT        NOT NULL,
    dependency      TEXT        NOT NULL,
    dependency_id   TEXT            NULL REFERENCES sqitch.changes(change_id) ON UPDATE CASCADE CONSTRAINT dependencies_check CHECK (
            (type = 'require'  AND dependency_id IS NOT NULL)
         OR (type = 'conflict' AND dependency_id IS NULL)
    ),
    PRIMARY KEY (change_id, dependency)
);

CREATE TABLE sqitch.events (
    event           TEXT        NOT NULL CONSTRAINT events_event_check CHECK (event IN ('deploy', 'revert', 'fail', 'merge')),
    change_id       TEXT        NOT NULL,
    change          TEXT        NOT NULL,
    project         TEXT        NOT NULL REFERENCES sqitch.projects(project) ON UPDATE CASCADE,
    note            TEXT        NOT NULL DEFAULT '',
    requires        TEXT[]      NOT NULL DEFAULT '{}',
    conflicts       TEXT[]      NOT NULL DEFAULT '{}',
    tags            TEXT[]      NOT NULL DEFAULT '{}',
    committed_at    TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    committer_name  TEXT        NOT NULL,
    committer_email TEXT        NOT NULL,
    planned_at      TIMESTAMPTZ NOT NULL,
    planner_name    TEXT        NOT NULL,
    planner_email   TEXT        NOT NULL,
    PRIMARY KEY (change_id, committed_at)
);

INSERT INTO sqitch.releases (version, installed_at, installer_name, installer_email)
    VALUES (1.1, '2024-05-01 09:59:00+00', 'Ann Deployer', 'ann@example.com');
INSERT INTO sqitch.projects (project, uri, created_at, creator_name, creator_email)
    VALUES ('flipr', 'https://github.com/sqitchers/sqitch-intro/', '2024-05-01 09:59:01+00', 'Ann Deployer', 'ann@example.com');

INSERT INTO sqitch.changes (change_id, script_hash, change, project, note, committed_at, committer_name, committer_email, planned_at, planner_name, planner_email) VALUES
    ('9c8a4f1d2e3b4a5c6d7e8f90a1b2c3d4e5f60718', '7b1fca8e25a4d7c34e0e4b2d0f1c9e6a3b5d8f21', 'appschema', 'flipr', 'Add schema for all flipr objects.', '2024-05-01 10:00:00+00', 'Ann Deployer', 'ann@example.com', '2024-04-20 12:00:00+00', 'Marge N.', 'marge@example.com');
INSERT INTO sqitch.events (event, change_id, change, project, note, requires, tags, committed_at, committer_name, committer_email, planned_at, planner_name, planner_email) VALUES
    ('deploy', '9c8a4f1d2e3b4a5c6d7e8f90a1b2c3d4e5f60718', 'appschema', 'flipr', 'Add schema for all flipr objects.', '{}', '{}', '2024-05-01 10:00:00+00', 'Ann Deployer', 'ann@example.com', '2024-04-20 12:00:00+00', 'Marge N.', 'marge@example.com'),
    ('deploy', '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d', 'users', 'flipr', 'Creates table to track our users.', '{appschema}', '{}', '2024-05-08 09:30:00+00', 'Ann Deployer', 'ann@example.com', '2024-04-21 12:00:00+00', 'Marge N.', 'marge@example.com'),
    ('fail', '5f4e3d2c1b0a99887766554433221100ffeeddcc', 'flips', 'flipr', 'Adds table for storing flips.', '{users}', '{}', '2024-05-08 09:30:01+00', 'Ann Deployer', 'ann@example.com', '2024-04-22 12:00:00+00', 'Marge N.', 'marge@example.com'),
    ('revert', '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d', 'users', 'flipr', 'Creates table to track our users.', '{appschema}', '{}', '2024-05-08 09:30:02+00', 'Ann Deployer', 'ann@example.com', '2024-04-21 12:00:00+00', 'Marge N.', 'marge@example.com');

CREATE SCHEMA flipr;
