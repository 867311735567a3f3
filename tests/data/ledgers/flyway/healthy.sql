-- framework: flyway
-- state: healthy
-- applied: 1, 1.1, 2, R:views

-- Flyway (PostgreSQL create script) after three versioned migrations and a
-- repeatable one that ran twice (its file changed): only its latest run
-- counts, and it sits where that run was installed.
CREATE TABLE "public"."flyway_schema_history" (
    "installed_rank" INT NOT NULL,
    "version" VARCHAR(50),
    "description" VARCHAR(200) NOT NULL,
    "type" VARCHAR(20) NOT NULL,
    "script" VARCHAR(1000) NOT NULL,
    "checksum" INTEGER,
    "installed_by" VARCHAR(100) NOT NULL,
    "installed_on" TIMESTAMP NOT NULL DEFAULT now(),
    "execution_time" INTEGER NOT NULL,
    "success" BOOLEAN NOT NULL
);
ALTER TABLE "public"."flyway_schema_history" ADD CONSTRAINT "flyway_schema_history_pk" PRIMARY KEY ("installed_rank");
CREATE INDEX "flyway_schema_history_s_idx" ON "public"."flyway_schema_history" ("success");

INSERT INTO "public"."flyway_schema_history" ("installed_rank", "version", "description", "type", "script", "checksum", "installed_by", "installed_on", "execution_time", "success") VALUES
    (1, '1', 'init', 'SQL', 'V1__init.sql', 1139530073, 'app', '2024-05-01 10:00:00', 41, true),
    (2, '1.1', 'add users', 'SQL', 'V1.1__add_users.sql', -1522384470, 'app', '2024-05-01 10:00:01', 12, true),
    (3, NULL, 'views', 'SQL', 'R__views.sql', 208318461, 'app', '2024-05-01 10:00:02', 5, true),
    (4, '2', 'add orders', 'SQL', 'V2__add_orders.sql', 1977213372, 'app', '2024-05-08 09:30:00', 20, true),
    (5, NULL, 'views', 'SQL', 'R__views.sql', -733465402, 'app', '2024-05-08 09:30:01', 6, true);

CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL);
CREATE TABLE orders (id bigserial PRIMARY KEY, user_id bigint REFERENCES users (id));
CREATE VIEW user_orders AS SELECT u.email, o.id AS order_id FROM users u JOIN orders o ON o.user_id = u.id;
