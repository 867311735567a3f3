-- Index and key constraint forms whose definitions driftwatch assembles from
-- raw catalog columns; the integration tests compare each with the server's
-- pg_get_indexdef / pg_get_constraintdef.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE SCHEMA "Defs";
CREATE TABLE "Defs"."Parent" (
    "order" integer NOT NULL,
    "user" text NOT NULL,
    "Mixed Case" text,
    tag varchar(20),
    amount numeric,
    created timestamptz,
    PRIMARY KEY ("order", "user") INCLUDE (tag)
);
CREATE TABLE "Defs".child (
    id bigint GENERATED ALWAYS AS IDENTITY,
    parent_order integer,
    parent_user text,
    other_order integer,
    label text COLLATE "C",
    CONSTRAINT child_pkey PRIMARY KEY (id) WITH (fillfactor = 80),
    CONSTRAINT child_parent_fkey FOREIGN KEY (parent_order, parent_user)
        REFERENCES "Defs"."Parent" ("order", "user") MATCH FULL ON UPDATE RESTRICT
        ON DELETE SET NULL (parent_order) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT child_label_key UNIQUE NULLS NOT DISTINCT (label) INCLUDE (other_order)
);
ALTER TABLE "Defs".child ADD CONSTRAINT child_other_fkey FOREIGN KEY (other_order, parent_user)
    REFERENCES "Defs"."Parent" ("order", "user") ON DELETE CASCADE NOT VALID;
CREATE TABLE "Defs".measurements (
    taken date NOT NULL,
    sensor integer NOT NULL,
    value double precision,
    PRIMARY KEY (taken, sensor)
) PARTITION BY RANGE (taken);
CREATE TABLE "Defs".measurements_2025 PARTITION OF "Defs".measurements
    FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE "Defs".readings (
    taken date,
    sensor integer,
    FOREIGN KEY (taken, sensor) REFERENCES "Defs".measurements (taken, sensor)
);
CREATE INDEX "Mixed Index" ON "Defs"."Parent" ("Mixed Case" COLLATE "C" DESC NULLS FIRST);
CREATE INDEX parent_tag_idx ON "Defs"."Parent" (tag NULLS FIRST, amount DESC);
CREATE INDEX parent_user_idx ON "Defs"."Parent" ("user" varchar_pattern_ops)
    WITH (fillfactor = 70, deduplicate_items = off);
CREATE UNIQUE INDEX parent_tag_nnd_idx ON "Defs"."Parent" (tag) NULLS NOT DISTINCT;
CREATE INDEX parent_created_brin ON "Defs"."Parent" USING brin (created);
CREATE INDEX parent_tag_hash ON "Defs"."Parent" USING hash (tag);
CREATE INDEX parent_trgm_idx ON "Defs"."Parent" USING gist ("user" gist_trgm_ops (siglen = 32));
CREATE INDEX parent_trgm_gin ON "Defs"."Parent" USING gin ("Mixed Case" gin_trgm_ops);
CREATE INDEX parent_partial_idx ON "Defs"."Parent" ("order") WHERE amount > 0 AND tag IS NOT NULL;
CREATE INDEX parent_expr_idx ON "Defs"."Parent" (lower("user"), ("order" + 1));
CREATE INDEX measurements_value_idx ON "Defs".measurements (value);
CREATE INDEX ON "Defs".measurements_2025 (sensor) INCLUDE (value);
