#!/usr/bin/env bash
# Alembic itself writes the ledger: two branches upgraded to both heads give
# two rows, which driftwatch reports as multiple heads with the merge to
# make; after `alembic merge` and upgrade, one head and a healthy ledger.
# Needs Debian's python3-alembic and python3-psycopg2; skipped (77) without.
source "$(dirname "$0")/../cli/lib.sh"
source "$(dirname "$0")/python_tools.sh"
python=/usr/bin/python3
$python -c 'import alembic, psycopg2' 2>/dev/null || { echo "Alembic not installed: skipped"; exit 77; }

port=$(sed -n 's/.*port=\([0-9]*\).*/\1/p' <<<"$server")
project="$work/project"
alembic_project "$project" "$db" "$port"
cat >"$project/script.py.mako" <<'MAKO'
"""${message}"""
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = None
depends_on = None
from alembic import op
def upgrade():
    pass
def downgrade():
    pass
MAKO
revision() {  # revision ID DOWN SQL
  cat >"$project/versions/$1.py" <<PY
revision = "$1"
down_revision = $2
branch_labels = None
depends_on = None
from alembic import op
def upgrade():
    op.execute("$3")
def downgrade():
    pass
PY
}
revision aaa111 None "CREATE TABLE accounts (id int PRIMARY KEY)"
revision bbb222 '"aaa111"' "ALTER TABLE accounts ADD COLUMN email text"
revision ccc333 '"aaa111"' "ALTER TABLE accounts ADD COLUMN phone text"
alembic() { (cd "$project" && $python -m alembic -c "$project/alembic.ini" "$@"); }

alembic upgrade heads >/dev/null 2>&1 || fail "alembic upgrade heads failed"
expect_status 1 "$DRIFTWATCH_BIN" status --dsn "$dsn" --format json --migrations-dir "$project/versions"
expect_contains "$work/stdout" '"framework": "alembic"'
expect_contains "$work/stdout" '"state": "multiple_heads"'
expect_contains "$work/stdout" 'alembic merge'
expect_contains "$work/stdout" '"pending": []'

alembic merge -m merge --rev-id ddd444 heads >/dev/null 2>&1 || fail "alembic merge failed"
alembic upgrade head >/dev/null 2>&1 || fail "alembic upgrade head failed"
expect_status 0 "$DRIFTWATCH_BIN" status --dsn "$dsn" --migrations-dir "$project/versions"
expect_contains "$work/stdout" "alembic_version  alembic  HEALTHY"
echo "ok"
