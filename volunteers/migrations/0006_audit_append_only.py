"""On PostgreSQL, the audit trail refuses UPDATE and DELETE (a trigger); the only exceptions are
the retention purge (`volunteers.audit.purge_older_than`, which names its cut-off in the
transaction-local setting pina.audit_purge_before and may delete only entries older than it) and
the SET NULL of `user` when a staff account is deleted. SQLite has no such triggers: a no-op there.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION volunteers_audit_append_only() RETURNS trigger AS $$
DECLARE
    cutoff text := current_setting('pina.audit_purge_before', true);
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF cutoff IS NOT NULL AND cutoff <> ''
           AND cutoff::timestamptz <= now()
           AND OLD.at < cutoff::timestamptz THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'the audit trail is append-only: entry % may not be deleted', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- Deleting a staff account sets user_id to NULL (the username column keeps who it was).
    IF NEW.user_id IS NULL
       AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.username = OLD.username
       AND NEW.action = OLD.action AND NEW.application_ids = OLD.application_ids
       AND NEW.changed_fields = OLD.changed_fields AND NEW.detail = OLD.detail THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit trail is append-only: entry % may not be changed', OLD.id
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER volunteers_audit_append_only
    BEFORE UPDATE OR DELETE ON volunteers_applicationauditentry
    FOR EACH ROW EXECUTE FUNCTION volunteers_audit_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS volunteers_audit_append_only ON volunteers_applicationauditentry;
DROP FUNCTION IF EXISTS volunteers_audit_append_only();
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("volunteers", "0005_audit_listed"),
    ]

    operations = [
        migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP), elidable=False),
    ]
