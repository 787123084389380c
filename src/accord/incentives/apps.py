from django.apps import AppConfig


class IncentivesConfig(AppConfig):
    name = "accord.incentives"
    label = "incentives"
    verbose_name = "Incentives"
