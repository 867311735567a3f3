#!/usr/bin/env bash
# Does each migration tool write its ledger row in the same transaction as the
# migration's DDL, or in a transaction of its own? PostgreSQL tells: every row
# carries xmin, the id of the transaction that wrote it. Each tool here, run
# for real in its default mode, applies two migrations in one run, each
# creating a table; the test compares the xmin of the catalog rows that created
# each table (its pg_attribute rows and its row type's pg_type row) with the
# xmin of that migration's ledger row:
#   same   the row was written in the DDL's transaction
#   after  the row was (last) written by a later transaction than the DDL's
#   before the row was (last) written by an earlier transaction
# and whether the two migrations shared one transaction ("one") or had one
# each ("each"). A tool whose behaviour changes in a future version fails the
# test. A tool that cannot be installed or run here is skipped; the test is
# skipped (77) only when none can run. docs/provenance-tools.md has the results.
# Tools: from npm, knex, node-pg-migrate, sequelize-cli, typeorm, drizzle-orm,
# dbmate (its binary ships in the package) and liquibase (Liquibase and its
# JDBC drivers ship in the package; needs Java); from Debian (see
# scripts/install-deps.sh), Alembic, Django, Sqitch, ActiveRecord and
# Illuminate's migrator (Laravel's). Rails and Laravel run without an
# application: a few lines drive the migrator class their commands use.
source "$(dirname "$0")/../cli/lib.sh"
source "$(dirname "$0")/python_tools.sh"

port=$(sed -n 's/.*port=\([0-9]*\).*/\1/p' <<<"$server")
# Each tool gets a database of its own: some ledgers share a name (dbmate's and
# Rails' schema_migrations, TypeORM's and Laravel's migrations).
base_db=$db
tool_dbs=()
drop_tool_dbs() {
  set +e
  local d
  for d in "${tool_dbs[@]}"; do
    psql -X -q "$server" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1
  done
  db=$base_db
  cleanup
}
trap drop_tool_dbs EXIT
use_db() {
  db="${base_db}_$1"
  tool_dbs+=("$db")
  psql -X -q "$server" -c "CREATE DATABASE $db" >/dev/null
  dsn="${server/dbname=postgres/dbname=$db}"
  url="postgres://postgres@127.0.0.1:$port/$db"
}
python=/usr/bin/python3
only=${LEDGER_TOOLS:-}  # a space-separated subset of tools to run (for debugging)

# npm packages go into one folder for this test (as npm_tools.sh does), but a
# failed install skips only the tool that needs it, not the whole test.
npm_dir=${DRIFTWATCH_TOOLS_DIR:?}/$(basename "$0" .sh)
npm_add() {
  command -v npm >/dev/null || { why="npm not installed"; return 1; }
  mkdir -p "$npm_dir"
  [ -f "$npm_dir/package.json" ] || echo '{"private": true}' >"$npm_dir/package.json"
  local spec missing=()
  for spec in "$@"; do
    [ -d "$npm_dir/node_modules/${spec%@*}" ] || missing+=("$spec")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    (cd "$npm_dir" && npm install --no-audit --no-fund --silent "${missing[@]}" \
      >"$npm_dir/npm-install.log" 2>&1) || { why="npm install ${missing[*]} failed"; return 1; }
  fi
}
npm_version() { node -p "require('$npm_dir/node_modules/$1/package.json').version"; }
# Node scripts and CLIs in a project folder find the packages through this link.
npm_link() { ln -sfn "$npm_dir/node_modules" "$1/node_modules"; }

q() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$dsn" -c "$1"; }
# The transaction that created table $1: the xmin of its columns' pg_attribute
# rows, checked against its row type's pg_type row. (Not its pg_class row,
# which later DDL rewrites: a foreign key to the table sets relhastriggers.)
ddl_xmin() {
  local att typ
  att=$(q "SELECT string_agg(DISTINCT xmin::text, ',') FROM pg_attribute
           WHERE attrelid = '$1'::regclass AND attnum > 0")
  typ=$(q "SELECT t.xmin FROM pg_type t JOIN pg_class c ON t.oid = c.reltype
           WHERE c.oid = '$1'::regclass")
  [ "$att" = "$typ" ] || fail "$1: pg_attribute xmin $att but pg_type xmin $typ"
  echo "$att"
}
ledger_xmin() {  # ledger_xmin TABLE WHERE: exactly one row
  local x
  x=$(q "SELECT xmin FROM $1 WHERE $2")
  [ -n "$x" ] && [ "$(wc -l <<<"$x")" = 1 ] || fail "$1 WHERE $2: expected one row, got '$x'"
  echo "$x"
}
relation() {  # relation LEDGER_XMIN DDL_XMIN
  if [ "$1" = "$2" ]; then echo same
  elif [ "$1" -gt "$2" ]; then echo after
  else echo before; fi
}

results=()
ran=0
# check TOOL VERSION LEDGER_A WHERE_A TABLE_A LEDGER_B WHERE_B TABLE_B EXPECT_A EXPECT_B EXPECT_RUN:
# migration a created TABLE_A and has the row WHERE_A in LEDGER_A; likewise b.
check() {
  local tool=$1 version=$2 la da lb db_ ra rb run
  la=$(ledger_xmin "$3" "$4")
  da=$(ddl_xmin "$5")
  lb=$(ledger_xmin "$6" "$7")
  db_=$(ddl_xmin "$8")
  ra=$(relation "$la" "$da")
  rb=$(relation "$lb" "$db_")
  if [ "$da" = "$db_" ]; then run=one; else run=each; fi
  results+=("$(printf '%-16s %-8s %-8s %-6s %-7s %-8s %-6s %-7s %s' "$tool" "$version" \
    "$la" "$da" "$ra" "$lb" "$db_" "$rb" "$run")")
  ran=$((ran + 1))
  [ "$ra/$rb/$run" = "$9/${10}/${11}" ] ||
    fail "$tool $version: measured $ra/$rb/$run (ledger a $la, DDL a $da, ledger b $lb, DDL b $db_), expected $9/${10}/${11}"
}
skipped=()
skip() { skipped+=("$1: $2"); }
wanted() { [ -z "$only" ] || [[ " $only " == *" $1 "* ]]; }

# --- knex: each migration in its own transaction, with its ledger row ---
run_knex() {
  npm_add knex@3 pg@8 || { skip knex "$why"; return; }
  local p="$work/knex"
  mkdir -p "$p/migrations"
  npm_link "$p"
  cat >"$p/knexfile.js" <<JS
module.exports = { client: "pg",
  connection: { host: "127.0.0.1", port: $port, user: "postgres", database: "$db" },
  migrations: { directory: "$p/migrations" } };
JS
  local m n=0
  for m in a b; do
    n=$((n + 1))
    cat >"$p/migrations/2024010100000${n}_$m.js" <<JS
exports.up = (knex) => knex.schema.createTable("knex_$m", (t) => { t.integer("id"); t.text("name"); });
exports.down = (knex) => knex.schema.dropTable("knex_$m");
JS
  done
  (cd "$p" && "$npm_dir/node_modules/.bin/knex" --knexfile "$p/knexfile.js" migrate:latest) \
    >"$work/knex.log" 2>&1 || { cat "$work/knex.log"; fail "knex migrate:latest failed"; }
  check knex "$(npm_version knex)" \
    knex_migrations "name = '20240101000001_a.js'" knex_a \
    knex_migrations "name = '20240101000002_b.js'" knex_b \
    same same one
}

# --- node-pg-migrate ---
run_node_pg_migrate() {
  npm_add node-pg-migrate@7 pg@8 || { skip node-pg-migrate "$why"; return; }
  local p="$work/npm" m n=0
  mkdir -p "$p/migrations"
  npm_link "$p"
  for m in a b; do
    n=$((n + 1))
    cat >"$p/migrations/170000000000${n}_$m.js" <<JS
exports.up = (pgm) => { pgm.createTable("npm_$m", { id: "integer", name: "text" }); };
exports.down = false;
JS
  done
  (cd "$p" && DATABASE_URL="$url" "$npm_dir/node_modules/.bin/node-pg-migrate" up -m "$p/migrations") \
    >"$work/npm.log" 2>&1 || { cat "$work/npm.log"; fail "node-pg-migrate up failed"; }
  check node-pg-migrate "$(npm_version node-pg-migrate)" \
    pgmigrations "name = '1700000000001_a'" npm_a \
    pgmigrations "name = '1700000000002_b'" npm_b \
    same same one
}

# --- Alembic, with the env.py that `alembic init` writes (one transaction) ---
run_alembic() {
  $python -c 'import alembic, psycopg2' 2>/dev/null ||
    { skip alembic "python3-alembic or python3-psycopg2 not installed"; return; }
  local p="$work/alembic"
  alembic_project "$p" "$db" "$port"
  cat >"$p/versions/aaa111.py" <<'PY'
revision = "aaa111"
down_revision = None
branch_labels = None
depends_on = None
from alembic import op
import sqlalchemy as sa
def upgrade():
    op.create_table("alembic_a", sa.Column("id", sa.Integer), sa.Column("name", sa.Text))
def downgrade():
    pass
PY
  sed -e 's/"aaa111"/"bbb222"/; s/down_revision = None/down_revision = "aaa111"/; s/alembic_a/alembic_b/' \
    "$p/versions/aaa111.py" >"$p/versions/bbb222.py"
  (cd "$p" && $python -m alembic -c "$p/alembic.ini" upgrade head) >"$work/alembic.log" 2>&1 ||
    { cat "$work/alembic.log"; fail "alembic upgrade head failed"; }
  # alembic_version holds the head only: one row, updated as each revision
  # applies, so it stands for both migrations.
  check alembic "$($python -c 'import alembic; print(alembic.__version__)')" \
    alembic_version "version_num = 'bbb222'" alembic_a \
    alembic_version "version_num = 'bbb222'" alembic_b \
    same same one
}

# --- Django: 0001 plain; 0002 with a foreign key, whose constraint and index
# are deferred SQL, run at the end of the migration's transaction, after which
# Django records the migration in a transaction of its own ---
run_django() {
  $python -c 'import django, psycopg2' 2>/dev/null ||
    { skip django "python3-django or python3-psycopg2 not installed"; return; }
  local p="$work/django"
  django_project "$p" "$db" "$port"
  cat >"$p/shop/migrations/0001_a.py" <<'PY'
from django.db import migrations, models
class Migration(migrations.Migration):
    initial = True
    operations = [migrations.CreateModel("A", [
        ("id", models.IntegerField(primary_key=True)), ("name", models.TextField())],
        options={"db_table": "django_a"})]
PY
  cat >"$p/shop/migrations/0002_b.py" <<'PY'
from django.db import migrations, models
class Migration(migrations.Migration):
    dependencies = [("shop", "0001_a")]
    operations = [migrations.CreateModel("B", [
        ("id", models.IntegerField(primary_key=True)),
        ("a", models.ForeignKey("shop.A", on_delete=models.CASCADE))],
        options={"db_table": "django_b"})]
PY
  (cd "$p" && $python -m django migrate shop --settings=settings) >"$work/django.log" 2>&1 ||
    { cat "$work/django.log"; fail "django migrate failed"; }
  check django "$($python -c 'import django; print(django.__version__)')" \
    django_migrations "app = 'shop' AND name = '0001_a'" django_a \
    django_migrations "app = 'shop' AND name = '0002_b'" django_b \
    same after each
}

# --- sequelize-cli ---
run_sequelize() {
  npm_add sequelize@6 sequelize-cli@6 pg@8 || { skip sequelize-cli "$why"; return; }
  local p="$work/sequelize" m n=0
  mkdir -p "$p/migrations"
  npm_link "$p"
  for m in a b; do
    n=$((n + 1))
    cat >"$p/migrations/2024010100000${n}-$m.js" <<JS
module.exports = {
  up: async (qi, Sequelize) => { await qi.createTable("seq_$m", {
    id: { type: Sequelize.INTEGER, primaryKey: true }, name: Sequelize.TEXT }); },
  down: async (qi) => { await qi.dropTable("seq_$m"); } };
JS
  done
  (cd "$p" && "$npm_dir/node_modules/.bin/sequelize-cli" db:migrate --url "$url" \
    --migrations-path "$p/migrations") >"$work/sequelize.log" 2>&1 ||
    { cat "$work/sequelize.log"; fail "sequelize-cli db:migrate failed"; }
  check sequelize-cli "$(npm_version sequelize-cli)" \
    '"SequelizeMeta"' "name = '20240101000001-a.js'" seq_a \
    '"SequelizeMeta"' "name = '20240101000002-b.js'" seq_b \
    after after each
}

# --- TypeORM, through its CLI (migration:run) ---
run_typeorm() {
  npm_add typeorm@1 pg@8 || { skip typeorm "$why"; return; }
  local p="$work/typeorm"
  mkdir -p "$p/migrations"
  npm_link "$p"
  cat >"$p/migrations/a.js" <<'JS'
module.exports = class A1700000000001 {
  name = "A1700000000001";
  async up(q) { await q.query("CREATE TABLE typeorm_a (id integer, name text)"); }
  async down(q) { await q.query("DROP TABLE typeorm_a"); }
};
JS
  sed 's/A1700000000001/B1700000000002/g; s/typeorm_a/typeorm_b/g' "$p/migrations/a.js" >"$p/migrations/b.js"
  cat >"$p/datasource.js" <<JS
const { DataSource } = require("typeorm");
module.exports = new DataSource({ type: "postgres", host: "127.0.0.1", port: $port,
  username: "postgres", database: "$db", migrations: ["$p/migrations/*.js"] });
JS
  (cd "$p" && "$npm_dir/node_modules/.bin/typeorm" migration:run -d "$p/datasource.js") \
    >"$work/typeorm.log" 2>&1 || { cat "$work/typeorm.log"; fail "typeorm migration:run failed"; }
  check typeorm "$(npm_version typeorm)" \
    migrations "name = 'A1700000000001'" typeorm_a \
    migrations "name = 'B1700000000002'" typeorm_b \
    same same one
}

# --- Drizzle: drizzle-orm's migrate() on a folder as drizzle-kit generates it ---
run_drizzle() {
  npm_add drizzle-orm@0 pg@8 || { skip drizzle-orm "$why"; return; }
  local p="$work/drizzle"
  mkdir -p "$p/drizzle/meta"
  npm_link "$p"
  cat >"$p/drizzle/meta/_journal.json" <<'JSON'
{ "version": "7", "dialect": "postgresql", "entries": [
  { "idx": 0, "version": "7", "when": 1700000000001, "tag": "0000_a", "breakpoints": true },
  { "idx": 1, "version": "7", "when": 1700000000002, "tag": "0001_b", "breakpoints": true } ] }
JSON
  printf 'CREATE TABLE "drizzle_a" ("id" integer, "name" text);\n' >"$p/drizzle/0000_a.sql"
  printf 'CREATE TABLE "drizzle_b" ("id" integer);\n' >"$p/drizzle/0001_b.sql"
  cat >"$p/migrate.js" <<JS
const { Pool } = require("pg");
const { drizzle } = require("drizzle-orm/node-postgres");
const { migrate } = require("drizzle-orm/node-postgres/migrator");
const pool = new Pool({ connectionString: "$url" });
migrate(drizzle(pool), { migrationsFolder: "$p/drizzle" })
  .then(() => pool.end(), (e) => { console.error(e); process.exit(1); });
JS
  (cd "$p" && node migrate.js) >"$work/drizzle.log" 2>&1 ||
    { cat "$work/drizzle.log"; fail "drizzle migrate failed"; }
  check drizzle-orm "$(npm_version drizzle-orm)" \
    drizzle.__drizzle_migrations "created_at = 1700000000001" drizzle_a \
    drizzle.__drizzle_migrations "created_at = 1700000000002" drizzle_b \
    same same one
}

# --- dbmate (npm ships its binary) ---
run_dbmate() {
  npm_add dbmate@2 || { skip dbmate "$why"; return; }
  local p="$work/dbmate" m n=0
  mkdir -p "$p/db/migrations"
  for m in a b; do
    n=$((n + 1))
    printf -- '-- migrate:up\nCREATE TABLE dbmate_%s (id integer, name text);\n-- migrate:down\nDROP TABLE dbmate_%s;\n' \
      "$m" "$m" >"$p/db/migrations/2024010100000${n}_$m.sql"
  done
  "$npm_dir/node_modules/.bin/dbmate" --version >/dev/null 2>&1 || { skip dbmate "its binary does not run"; return; }
  (cd "$p" && "$npm_dir/node_modules/.bin/dbmate" --url "$url?sslmode=disable" \
    --migrations-dir "$p/db/migrations" --no-dump-schema up) >"$work/dbmate.log" 2>&1 ||
    { cat "$work/dbmate.log"; fail "dbmate up failed"; }
  check dbmate "$("$npm_dir/node_modules/.bin/dbmate" --version | awk '{print $NF}')" \
    schema_migrations "version = '20240101000001'" dbmate_a \
    schema_migrations "version = '20240101000002'" dbmate_b \
    same same each
}

# --- Sqitch: deploy scripts as `sqitch add` writes them (with BEGIN/COMMIT) ---
run_sqitch() {
  command -v sqitch >/dev/null || { skip sqitch "Debian's sqitch not installed"; return; }
  perl -MDBD::Pg -e 1 2>/dev/null || { skip sqitch "libdbd-pg-perl not installed"; return; }
  local p="$work/sqitch" m
  mkdir -p "$p"
  export SQITCH_USER_NAME="driftwatch test" SQITCH_USER_EMAIL="test@example.invalid"
  (cd "$p" && sqitch init dw --engine pg && for m in a b; do sqitch add "$m" -n "$m"; done) \
    >"$work/sqitch.log" 2>&1 || { cat "$work/sqitch.log"; fail "sqitch init/add failed"; }
  for m in a b; do
    grep -q '^BEGIN;' "$p/deploy/$m.sql" || fail "sqitch's deploy template lacks BEGIN"
    sed -i "s/^-- XXX Add DDLs here\./CREATE TABLE sqitch_$m (id integer, name text);/" "$p/deploy/$m.sql"
    grep -q "CREATE TABLE sqitch_$m" "$p/deploy/$m.sql" || fail "could not fill sqitch's deploy/$m.sql"
  done
  (cd "$p" && sqitch deploy "db:pg://postgres@127.0.0.1:$port/$db") >>"$work/sqitch.log" 2>&1 ||
    { cat "$work/sqitch.log"; fail "sqitch deploy failed"; }
  check sqitch "$(sqitch --version | awk '{print $NF}' | tr -d v)" \
    sqitch.changes "change = 'a'" sqitch_a \
    sqitch.changes "change = 'b'" sqitch_b \
    after after each
}

# --- Liquibase (npm's liquibase package ships Liquibase and its JDBC drivers; needs Java) ---
run_liquibase() {
  command -v java >/dev/null || { skip liquibase "no Java"; return; }
  npm_add liquibase@4 || { skip liquibase "$why"; return; }
  local lb="$npm_dir/node_modules/liquibase/dist/liquibase/liquibase" p="$work/liquibase"
  [ -x "$lb" ] || { skip liquibase "the npm package has no dist/liquibase/liquibase"; return; }
  mkdir -p "$p"
  cat >"$p/changelog.sql" <<'SQL'
--liquibase formatted sql
--changeset dw:a
CREATE TABLE liquibase_a (id integer, name text);
--changeset dw:b
CREATE TABLE liquibase_b (id integer, name text);
SQL
  (cd "$p" && "$lb" --show-banner=false \
    --url="jdbc:postgresql://127.0.0.1:$port/$db" --username=postgres \
    --changelog-file=changelog.sql update) >"$work/liquibase.log" 2>&1 ||
    { cat "$work/liquibase.log"; fail "liquibase update failed"; }
  check liquibase "$(npm_version liquibase)" \
    databasechangelog "id = 'a'" liquibase_a \
    databasechangelog "id = 'b'" liquibase_b \
    after after each
}

# --- Rails: ActiveRecord's own MigrationContext (what `rails db:migrate`
# runs), from Debian's ruby-activerecord, without a Rails application ---
run_rails() {
  ruby -e 'require "active_record"; require "pg"' 2>/dev/null ||
    { skip rails "Debian's ruby-activerecord or ruby-pg not installed"; return; }
  local p="$work/rails" m n=0 version
  mkdir -p "$p/migrate"
  version=$(ruby -e 'require "active_record"; print ActiveRecord.version')
  for m in a b; do
    n=$((n + 1))
    cat >"$p/migrate/2024010100000${n}_create_rails_$m.rb" <<RB
class CreateRails${m^^} < ActiveRecord::Migration[${version%.*.*}]
  def change
    create_table :rails_$m, id: false do |t|
      t.integer :id
      t.text :name
    end
  end
end
RB
  done
  cat >"$p/migrate.rb" <<RB
require "active_record"
ActiveRecord::Base.establish_connection(adapter: "postgresql", host: "127.0.0.1", port: $port,
                                        username: "postgres", database: "$db")
ActiveRecord::MigrationContext.new("$p/migrate", ActiveRecord::SchemaMigration).migrate
RB
  ruby "$p/migrate.rb" >"$work/rails.log" 2>&1 || { cat "$work/rails.log"; fail "ActiveRecord migrate failed"; }
  check rails "$version" \
    schema_migrations "version = '20240101000001'" rails_a \
    schema_migrations "version = '20240101000002'" rails_b \
    same same each
}

# --- Laravel: Illuminate's Migrator (what `php artisan migrate` runs), from
# Debian's php-illuminate-database, without a Laravel application ---
run_laravel() {
  local il=/usr/share/php/Illuminate
  command -v php >/dev/null && php -m | grep -qx pdo_pgsql && [ -f "$il/Database/autoload.php" ] &&
    [ -f "$il/Filesystem/autoload.php" ] ||
    { skip laravel "php-cli, php-pgsql, php-illuminate-database or php-illuminate-filesystem not installed"; return; }
  local p="$work/laravel" m n=0
  mkdir -p "$p/migrations"
  for m in a b; do
    n=$((n + 1))
    cat >"$p/migrations/2024_01_01_00000${n}_create_laravel_$m.php" <<PHP
<?php
use Illuminate\Database\Capsule\Manager as Capsule;
use Illuminate\Database\Migrations\Migration;
return new class extends Migration {
    public function up() {
        Capsule::schema()->create('laravel_$m', function (\$t) { \$t->integer('id'); \$t->text('name'); });
    }
    public function down() { Capsule::schema()->drop('laravel_$m'); }
};
PHP
  done
  cat >"$p/migrate.php" <<PHP
<?php
require "$il/Database/autoload.php";
require "$il/Filesystem/autoload.php";
use Illuminate\Database\Capsule\Manager as Capsule;
use Illuminate\Database\Migrations\DatabaseMigrationRepository;
use Illuminate\Database\Migrations\Migrator;
\$capsule = new Capsule;
\$capsule->addConnection(['driver' => 'pgsql', 'host' => '127.0.0.1', 'port' => $port,
  'database' => '$db', 'username' => 'postgres', 'password' => '', 'charset' => 'utf8']);
\$capsule->setAsGlobal();
\$resolver = \$capsule->getDatabaseManager();
\$repository = new DatabaseMigrationRepository(\$resolver, 'migrations');
\$repository->setSource('default');
if (!\$repository->repositoryExists()) { \$repository->createRepository(); }
\$migrator = new Migrator(\$repository, \$resolver, new Illuminate\Filesystem\Filesystem);
\$migrator->setConnection('default');
\$migrator->run(['$p/migrations']);
PHP
  php "$p/migrate.php" >"$work/laravel.log" 2>&1 || { cat "$work/laravel.log"; fail "Laravel's Migrator failed"; }
  check laravel "$(dpkg-query -W -f='${Version}' php-illuminate-database | sed 's/+.*//')" \
    migrations "migration = '2024_01_01_000001_create_laravel_a'" laravel_a \
    migrations "migration = '2024_01_01_000002_create_laravel_b'" laravel_b \
    after after each
}

for tool in knex node_pg_migrate alembic django sequelize typeorm drizzle dbmate sqitch liquibase \
  rails laravel; do
  if wanted "$tool"; then
    use_db "$tool"
    "run_$tool"
  fi
done

echo "ledger row vs DDL, by xmin (PostgreSQL $(q 'SHOW server_version'))"
printf '%-16s %-8s %-8s %-6s %-7s %-8s %-6s %-7s %s\n' tool version ledger_a ddl_a a \
  ledger_b ddl_b b run
[ ${#results[@]} -eq 0 ] || printf '%s\n' "${results[@]}"
for s in "${skipped[@]}"; do echo "skipped $s"; done
[ "$ran" -gt 0 ] || { echo "no migration tool could run: skipped"; exit 77; }
echo "ok"
