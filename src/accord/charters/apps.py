from django.apps import AppConfig


class ChartersConfig(AppConfig):
    name = "accord.charters"
    label = "charters"
    verbose_name = "Charters"
