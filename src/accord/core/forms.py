"""Forms that parse a model's fields without validating the model: the service does that.

A ``ModelForm`` checks the instance (``full_clean``) while it validates; our rules live in the
services, so the page and the API give the same answers. ``model_fields_form`` builds a plain
``Form`` with the form fields Django makes for the model's fields (``fields_for_model``), and
takes ``instance=`` for the initial values (``model_to_dict``) like a ``ModelForm`` would.
"""

from django import forms
from django.forms.models import fields_for_model, model_to_dict


class DateInput(forms.DateInput):
    """The browser's date picker."""

    input_type = "date"


class ModelFieldsForm(forms.Form):
    model_fields: tuple[str, ...] = ()

    def __init__(self, *args, instance=None, initial=None, **kwargs):
        if instance is not None:
            initial = {**model_to_dict(instance, fields=self.model_fields), **(initial or {})}
        super().__init__(*args, initial=initial, **kwargs)


def model_fields_form(model, fields, **options) -> type[ModelFieldsForm]:
    """A form class with ``model``'s ``fields`` (``options``: ``widgets``, ``labels``, ``help_texts``)."""
    attrs = {**fields_for_model(model, fields=list(fields), **options), "model_fields": tuple(fields)}
    return type(f"{model.__name__}Fields", (ModelFieldsForm,), attrs)
