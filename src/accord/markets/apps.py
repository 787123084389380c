from django.apps import AppConfig


class MarketsConfig(AppConfig):
    name = "accord.markets"
    label = "markets"
    verbose_name = "Markets and sites"
