-- framework: unknown
-- state: unknown

-- A home-grown ledger: named like one, with columns no migration tool writes.
CREATE TABLE app_migrations (
    step integer PRIMARY KEY,
    label text NOT NULL,
    done_on date NOT NULL DEFAULT current_date
);
INSERT INTO app_migrations (step, label, done_on) VALUES
    (1, 'create customers', '2024-01-01'),
    (2, 'add customers.phone', '2024-02-15');

CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, phone text);
