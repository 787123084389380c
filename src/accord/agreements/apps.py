from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "accord.agreements"
    label = "agreements"
    verbose_name = "Agreements"

    def ready(self):
        from . import waiting  # noqa: F401  (registers the "waiting on you" providers)
