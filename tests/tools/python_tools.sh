# Shared by the tests that run Debian's Alembic and Django: the smallest
# project each tool runs from, pointed at a database of the throwaway server.

# alembic_project DIR DATABASE PORT: alembic.ini and the env.py that
# `alembic init` writes (every revision of an upgrade in one transaction);
# revisions go to DIR/versions.
alembic_project() {
  local dir=$1 database=$2 port=$3
  mkdir -p "$dir/versions"
  cat >"$dir/alembic.ini" <<INI
[alembic]
script_location = $dir
sqlalchemy.url = postgresql+psycopg2://postgres@127.0.0.1:$port/$database
INI
  cat >"$dir/env.py" <<'PY'
from alembic import context
from sqlalchemy import engine_from_config, pool
config = context.config
engine = engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy.",
                            poolclass=pool.NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
PY
}

# django_project DIR DATABASE PORT: settings.py with one app, shop, whose
# migrations go to DIR/shop/migrations.
django_project() {
  local dir=$1 database=$2 port=$3
  mkdir -p "$dir/shop/migrations"
  touch "$dir/shop/__init__.py" "$dir/shop/migrations/__init__.py"
  cat >"$dir/settings.py" <<PY
SECRET_KEY = "test"
INSTALLED_APPS = ["shop"]
USE_TZ = True
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "$database",
                         "USER": "postgres", "HOST": "127.0.0.1", "PORT": "$port"}}
PY
}
