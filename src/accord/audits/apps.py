from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "accord.audits"
    label = "audits"
    verbose_name = "Quality audits"
