"""Database triggers that raise the registry version (`RegistryVersion`) on every write to a registry table.

Triggers, not Django signals: queryset.update(), bulk_create(), loaddata, a raw DELETE or another program
writing to the database all bypass signals, and a cache that missed one of them would serve a stale page.

The triggers are (re)created after every `migrate` (a post_migrate receiver), because SQLite rebuilds a table
to alter it, dropping its triggers, and because a new model's table needs one too. Each registry table, that
is every table of the `districts` and `projects` apps except the version itself and the history tables, gets
one. On PostgreSQL a trigger runs once per statement and bumps the version once per transaction; SQLite has
only row triggers.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS, connections

REGISTRY_APPS = ("districts", "projects")
FUNCTION = "alatau_bump_registry_version"
PREFIX = "registry_version_"

# Once per transaction: its changes become visible together at commit, and a transaction that writes 100,000
# rows statement by statement would otherwise pile up as many versions of the one row (each update of it
# then walks the chain of the earlier ones). `alatau.version_bumped_in` is local to the transaction.
POSTGRESQL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('alatau.version_bumped_in', true) = txid_current()::text THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('alatau.version_bumped_in', txid_current()::text, true);
    INSERT INTO {{table}} (id, value) VALUES (1, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint)
    ON CONFLICT (id) DO UPDATE SET value = greatest(
        {{table}}.value + 1, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint
    );
    RETURN NULL;
END $$;
"""
POSTGRESQL_TRIGGER = """
CREATE OR REPLACE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION {function}();
"""
SQLITE_NOW = "CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)"
SQLITE_TRIGGER = f"""
CREATE TRIGGER IF NOT EXISTS {{name}} AFTER {{event}} ON {{table}} BEGIN
    INSERT INTO {{version}} (id, value) VALUES (1, {SQLITE_NOW})
    ON CONFLICT (id) DO UPDATE SET value = max({{version}}.value + 1, {SQLITE_NOW});
END;
"""
SQLITE_EVENTS = ("INSERT", "UPDATE", "DELETE")


def registry_tables(apps, existing):
    """The tables whose writes change what the portal shows, among the `existing` ones."""
    version_table = apps.get_model("districts", "RegistryVersion")._meta.db_table
    tables = set()
    for label in REGISTRY_APPS:
        try:
            models = apps.get_app_config(label).get_models(include_auto_created=True)
        except LookupError:
            continue  # an app not migrated yet
        for model in models:
            history = model.__name__.startswith("Historical")
            if model._meta.managed and not history and model._meta.db_table != version_table:
                tables.add(model._meta.db_table)
    return sorted(tables & set(existing))


def trigger_name(table, event=""):
    return f"{PREFIX}{table}{'_' + event.lower() if event else ''}"


def install_triggers(using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    """Create any missing trigger (a post_migrate receiver; safe to run again)."""
    connection = connections[using]
    try:
        version_table = apps.get_model("districts", "RegistryVersion")._meta.db_table
    except LookupError:
        return  # migrated back to before the version existed
    existing = connection.introspection.table_names()
    if version_table not in existing:
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRESQL_FUNCTION.format(table=quote(version_table)))
            for table in registry_tables(apps, existing):
                cursor.execute(
                    POSTGRESQL_TRIGGER.format(name=quote(trigger_name(table)), table=quote(table), function=FUNCTION)
                )
        elif connection.vendor == "sqlite":
            for table in registry_tables(apps, existing):
                for event in SQLITE_EVENTS:
                    cursor.execute(
                        SQLITE_TRIGGER.format(
                            name=quote(trigger_name(table, event)),
                            event=event,
                            table=quote(table),
                            version=quote(version_table),
                        )
                    )


def remove_triggers(using=DEFAULT_DB_ALIAS):
    """Drop every trigger install_triggers() made, whichever tables they are on (for migrating back to before
    the version existed)."""
    connection = connections[using]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE '{PREFIX}%'")
            for name, table in cursor.fetchall():
                cursor.execute(f"DROP TRIGGER IF EXISTS {quote(name)} ON {table}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
        elif connection.vendor == "sqlite":
            cursor.execute(f"SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '{PREFIX}%'")
            for (name,) in cursor.fetchall():
                cursor.execute(f"DROP TRIGGER IF EXISTS {quote(name)}")
