from django.db import migrations

THEMAS = (
    ("gedrag", "Gedrag"),
    ("sociaal-emotioneel", "Sociaal-emotionele ontwikkeling"),
    ("autisme", "Autisme"),
    ("adhd", "ADHD"),
    ("taal-spraak", "Taal- en spraakontwikkeling"),
    ("lezen-dyslexie", "Lezen en dyslexie"),
    ("rekenen-dyscalculie", "Rekenen en dyscalculie"),
    ("dcd", "DCD (motoriek)"),
    ("syndroom-van-down", "Syndroom van Down"),
    ("meer-hoogbegaafdheid", "Meer- en hoogbegaafdheid"),
    ("jonge-kind", "Het jonge kind"),
    ("nt2", "Nederlands als tweede taal"),
    ("langdurig-ziek", "Langdurig zieke leerlingen"),
    ("lichamelijke-beperking", "Lichamelijke beperking en medische zorg"),
    ("verzuim-thuiszitters", "Verzuim en thuiszitters"),
)


def forwards(apps, schema_editor):
    Expertisethema = apps.get_model("organisaties", "Expertisethema")
    for slug, naam in THEMAS:
        Expertisethema.objects.get_or_create(slug=slug, defaults={"naam": naam})


class Migration(migrations.Migration):
    dependencies = [("organisaties", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
