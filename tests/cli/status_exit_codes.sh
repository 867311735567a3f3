#!/usr/bin/env bash
# driftwatch status: exit 0 when every ledger is healthy, 1 when something
# needs attention, 2 on error; JSON for programs; unreadable ledgers and
# databases without a ledger are findings, not crashes.
source "$(dirname "$0")/lib.sh"
fixtures="$(dirname "$0")/../data/ledgers"

# An empty database: nothing to say, nothing wrong.
expect_status 0 "$DRIFTWATCH_BIN" status --dsn "$dsn"
expect_contains "$work/stdout" "No migration ledger found"

# Tables but no ledger (Prisma's P3005).
sql "CREATE TABLE customers (id int PRIMARY KEY)"
expect_status 1 "$DRIFTWATCH_BIN" status --dsn "$dsn" --format json
expect_contains "$work/stdout" '"status": "attention"'
expect_contains "$work/stdout" 'P3005'

# A healthy Django ledger.
psql -X -q -v ON_ERROR_STOP=1 -1 "$dsn" -f "$fixtures/django/healthy.sql" >/dev/null
expect_status 0 "$DRIFTWATCH_BIN" status --dsn "$dsn"
expect_contains "$work/stdout" "django_migrations  django  HEALTHY"

# Pending migrations count only when asked.
mkdir -p "$work/shop/migrations"
touch "$work/shop/migrations/__init__.py" "$work/shop/migrations/0001_initial.py" \
  "$work/shop/migrations/0002_product_price.py" "$work/shop/migrations/0009_pending.py"
expect_status 0 "$DRIFTWATCH_BIN" status --dsn "$dsn" --migrations-dir "$work/shop/migrations"
expect_contains "$work/stdout" "pending: shop.0009_pending"
expect_status 1 "$DRIFTWATCH_BIN" status --dsn "$dsn" --migrations-dir "django=$work/shop/migrations" \
  --fail-on-pending

# An applied migration whose file is gone.
rm "$work/shop/migrations/0002_product_price.py"
expect_status 1 "$DRIFTWATCH_BIN" status --dsn "$dsn" --migrations-dir "$work/shop/migrations"
expect_contains "$work/stdout" "missing_file: shop.0002_product_price"

# A failed Prisma migration next to it.
psql -X -q -v ON_ERROR_STOP=1 -1 "$dsn" -f "$fixtures/prisma/failed.sql" >/dev/null
expect_status 1 "$DRIFTWATCH_BIN" status --dsn "$dsn" --format json
expect_contains "$work/stdout" '"state": "failed"'
expect_contains "$work/stdout" 'prisma migrate resolve'
# Two ledgers: a migrations folder must say whose it is.
expect_status 2 "$DRIFTWATCH_BIN" status --dsn "$dsn" --migrations-dir "$work/shop/migrations"
expect_contains "$work/stderr" "e.g. prisma="
expect_status 2 "$DRIFTWATCH_BIN" status --dsn "$dsn" --migrations-dir "prisma=$work/nowhere"
expect_contains "$work/stderr" "$work/nowhere"

# A role that may not read the ledgers sees them as unreadable, and why.
role="dw_lowpriv_$$"
sql "CREATE ROLE $role LOGIN"
lowpriv="${dsn/user=postgres/user=$role}"
expect_status 1 "$DRIFTWATCH_BIN" status --dsn "$lowpriv" --format json
expect_contains "$work/stdout" '"state": "unreadable"'
expect_contains "$work/stdout" "GRANT SELECT ON public._prisma_migrations TO \\\"$role\\\";"
sql "DROP OWNED BY $role; DROP ROLE $role"

# Bad usage.
expect_status 2 "$DRIFTWATCH_BIN" status --dsn "$dsn" --ledger "nosuchtool=public.t"
expect_contains "$work/stderr" "unknown framework"
echo "ok"
