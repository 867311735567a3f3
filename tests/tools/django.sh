#!/usr/bin/env bash
# Django itself writes the ledger: driftwatch reads it as Django's, finds a
# pending migration in the app's folder, and, after Django fails to apply a
# broken migration (atomically, leaving no row), still reads it correctly.
# Needs Debian's python3-django and python3-psycopg2; skipped (77) without.
source "$(dirname "$0")/../cli/lib.sh"
source "$(dirname "$0")/python_tools.sh"
python=/usr/bin/python3
$python -c 'import django, psycopg2' 2>/dev/null || { echo "Django not installed: skipped"; exit 77; }

port=$(sed -n 's/.*port=\([0-9]*\).*/\1/p' <<<"$server")
django_project "$work/project" "$db" "$port"
cat >"$work/project/shop/migrations/0001_initial.py" <<'PY'
from django.db import migrations, models
class Migration(migrations.Migration):
    initial = True
    operations = [migrations.CreateModel("Customer", [
        ("id", models.BigAutoField(primary_key=True)),
        ("name", models.CharField(max_length=100))])]
PY
cat >"$work/project/shop/migrations/0002_customer_email.py" <<'PY'
from django.db import migrations, models
class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]
    operations = [migrations.AddField("Customer", "email", models.CharField(max_length=254, default=""))]
PY
cat >"$work/project/shop/migrations/0003_broken.py" <<'PY'
from django.db import migrations
class Migration(migrations.Migration):
    dependencies = [("shop", "0002_customer_email")]
    operations = [migrations.RunSQL("ALTER TABLE no_such_table ADD COLUMN x integer")]
PY
django() { (cd "$work/project" && $python -m django "$@" --settings=settings); }

django migrate shop 0002 >/dev/null
expect_status 0 "$DRIFTWATCH_BIN" status --dsn "$dsn" --format json \
  --migrations-dir "$work/project/shop/migrations"
expect_contains "$work/stdout" '"framework": "django"'
expect_contains "$work/stdout" '"state": "healthy"'
expect_contains "$work/stdout" '"id": "shop.0001_initial"'
expect_contains "$work/stdout" '"id": "shop.0002_customer_email"'
expect_contains "$work/stdout" '"id": "shop.0003_broken"'  # pending

# Django fails on 0003 and, being atomic on PostgreSQL, records nothing.
if django migrate shop >/dev/null 2>&1; then fail "the broken migration applied"; fi
expect_status 0 "$DRIFTWATCH_BIN" status --dsn "$dsn" --migrations-dir "$work/project/shop/migrations"
expect_contains "$work/stdout" "pending: shop.0003_broken"
echo "ok"
