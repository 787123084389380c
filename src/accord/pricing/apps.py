from django.apps import AppConfig


class PricingConfig(AppConfig):
    name = "accord.pricing"
    label = "pricing"
    verbose_name = "Pricing parity"
