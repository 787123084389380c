from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from accord.core.views import add_service_errors
from accord.partnerships.access import partnership_access

from . import selectors
from .downloads import review_pack_response
from .forms import ReviewRangeForm


def _range_form(request) -> ReviewRangeForm:
    start, end = selectors.default_range()
    return ReviewRangeForm({"from": request.GET.get("from") or f"{start:%Y-%m}",
                            "to": request.GET.get("to") or f"{end:%Y-%m}"})


def _pack(access, form):
    """The pack of the form's months, or None with the errors on the form."""
    if not form.is_valid():
        return None
    try:
        start, end = selectors.review_range(form.cleaned_data["from"], form.cleaned_data["to"])
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    return selectors.review_pack(access, start, end)


def _page(request, access, form, pack):
    return render(request, "reviews/pack.html", {
        "access": access, "partnership": access.partnership, "form": form, "pack": pack,
        "max_months": selectors.MAX_MONTHS,
        "query": urlencode({"from": form.data["from"], "to": form.data["to"]}) if pack else "",
    }, status=400 if form.errors else 200)


@require_GET
@login_required
def review_pack_page(request, slug):
    """The partnership's review pack for a range of months (the last full quarter by default)."""
    access = partnership_access(request.user, slug=slug)
    form = _range_form(request)
    return _page(request, access, form, _pack(access, form))


@require_GET
@login_required
def review_pack_download(request, slug, file_format):
    access = partnership_access(request.user, slug=slug)
    form = _range_form(request)
    pack = _pack(access, form)
    return review_pack_response(pack, file_format) if pack else _page(request, access, form, None)
