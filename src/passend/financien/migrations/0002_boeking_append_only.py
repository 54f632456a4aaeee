"""On PostgreSQL the database itself refuses UPDATE and DELETE on ledger entries (as for the audit
log, ADR 0002): a correction is a new entry. TRUNCATE stays possible for test resets."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION financien_boeking_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'financien_boeking is append-only: UPDATE and DELETE are refused';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER financien_boeking_no_update_delete
    BEFORE UPDATE OR DELETE ON financien_boeking
    FOR EACH ROW EXECUTE FUNCTION financien_boeking_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS financien_boeking_no_update_delete ON financien_boeking;
DROP FUNCTION IF EXISTS financien_boeking_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("financien", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
