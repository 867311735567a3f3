-- A small schema with at least one object of every kind driftwatch captures.
-- Used by the integration tests; keep it deterministic (no random defaults in data).
CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;
CREATE SCHEMA app;
COMMENT ON SCHEMA app IS 'application objects';
DO $$ BEGIN
  CREATE ROLE dw_reader NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;  -- made by another test database on the same server
END $$;
GRANT USAGE ON SCHEMA app TO dw_reader;

CREATE TYPE app.order_status AS ENUM ('new', 'paid', 'shipped');
CREATE DOMAIN app.positive_amount AS numeric(12, 2) NOT NULL DEFAULT 0
  CONSTRAINT positive_amount_check CHECK (VALUE >= 0);
CREATE TYPE app.address AS (street text, city text COLLATE "C", zip varchar(10));
CREATE TYPE app.price_range AS RANGE (subtype = numeric);
CREATE SEQUENCE app.invoice_no INCREMENT BY 10 START WITH 1000 CACHE 5;

CREATE TABLE app.customers (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email citext NOT NULL,
    name text COLLATE "C",
    home app.address,
    created_at timestamptz NOT NULL DEFAULT now(),
    name_upper text GENERATED ALWAYS AS (upper(name)) STORED,
    CONSTRAINT customers_email_key UNIQUE (email)
);
COMMENT ON TABLE app.customers IS 'people who buy';
COMMENT ON COLUMN app.customers.email IS 'login';
GRANT SELECT ON app.customers TO dw_reader;
GRANT SELECT (email) ON app.customers TO dw_reader;

CREATE TABLE app.orders (
    id bigserial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES app.customers (id) ON DELETE CASCADE,
    status app.order_status NOT NULL DEFAULT 'new',
    total app.positive_amount,
    placed_on date NOT NULL DEFAULT CURRENT_DATE,
    during tstzrange,
    invoice bigint DEFAULT nextval('app.invoice_no'),
    note text,
    CONSTRAINT orders_total_check CHECK (total < 1000000) NOT VALID,
    CONSTRAINT orders_no_overlap EXCLUDE USING gist (during WITH &&)
        DEFERRABLE INITIALLY DEFERRED
);
ALTER SEQUENCE app.invoice_no OWNED BY app.orders.invoice;
CREATE INDEX orders_customer_idx ON app.orders (customer_id, placed_on DESC NULLS LAST);
CREATE INDEX orders_paid_idx ON app.orders (placed_on) INCLUDE (total) WHERE status = 'paid';
CREATE UNIQUE INDEX orders_lower_status_idx ON app.orders (lower(note), id);
CREATE INDEX orders_status_pattern_idx ON app.orders (note text_pattern_ops)
    WITH (fillfactor = 70);

CREATE TABLE app.events (
    id bigint NOT NULL,
    happened date NOT NULL,
    payload jsonb
) PARTITION BY RANGE (happened);
CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE app.events_2025 PARTITION OF app.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
ALTER TABLE app.events ADD PRIMARY KEY (id, happened);
CREATE INDEX events_payload_idx ON app.events USING gin (payload jsonb_path_ops);
CREATE INDEX events_2025_local_idx ON app.events_2025 (id);

CREATE UNLOGGED TABLE app.scratch (k text, v text) WITH (fillfactor = 50);

CREATE VIEW app.paid_orders WITH (security_barrier) AS
    SELECT o.id, c.email FROM app.orders o JOIN app.customers c ON c.id = o.customer_id
    WHERE o.status = 'paid';
CREATE MATERIALIZED VIEW app.order_totals AS
    SELECT customer_id, sum(total) AS total FROM app.orders GROUP BY customer_id WITH NO DATA;
CREATE UNIQUE INDEX order_totals_customer_idx ON app.order_totals (customer_id);

CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := now();
  RETURN NEW;
END
$$;
CREATE FUNCTION app.order_count(p_customer bigint, p_status app.order_status DEFAULT 'paid')
    RETURNS integer LANGUAGE sql STABLE
    AS $$ SELECT count(*)::int FROM app.orders WHERE customer_id = p_customer AND status = p_status $$;
CREATE FUNCTION app.order_count(p_customer text) RETURNS integer LANGUAGE sql STABLE
    AS $$ SELECT 0 $$;
CREATE PROCEDURE app.archive(p_before date) LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM app.orders WHERE placed_on < p_before;
END
$$;
CREATE AGGREGATE app.total_sum(numeric) (SFUNC = numeric_add, STYPE = numeric, INITCOND = '0');
REVOKE EXECUTE ON FUNCTION app.order_count(text) FROM PUBLIC;

CREATE TRIGGER customers_touch BEFORE UPDATE ON app.customers
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION app.touch();
ALTER TABLE app.customers ENABLE ROW LEVEL SECURITY;
CREATE POLICY customers_self ON app.customers FOR SELECT TO dw_reader USING (email = current_user);
CREATE RULE scratch_no_delete AS ON DELETE TO app.scratch DO INSTEAD NOTHING;
