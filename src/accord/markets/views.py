"""Pages of markets and sites: the list (managers add and import), a market with its sites, the edit forms,
and the market × indicator heat map."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accord.core.views import service_on_form
from accord.metrics.scorecards.selectors import market_heat_map
from accord.partnerships.access import partnership_access

from . import selectors, services
from .forms import MarketForm, PlacesImportForm, SiteForm


def _list_page(request, access, *, form=None, import_form=None, result=None, status=200):
    return render(request, "markets/list.html", {
        "access": access, "partnership": access.partnership, "markets": selectors.market_list(access=access),
        "form": form or MarketForm(), "import_form": import_form or PlacesImportForm(), "result": result,
    }, status=status)


@login_required
def market_list(request, slug):
    """The partnership's markets; managers add one here."""
    access = partnership_access(request.user, slug=slug)
    form = MarketForm(request.POST or None)
    if request.method == "POST":
        access.require_manage()
        if form.is_valid() and service_on_form(form, services.market_create, access=access,
                                               **{k: v for k, v in form.service_fields().items()}):
            messages.success(request, "Market added.")
            return redirect("markets:list", slug=slug)
    return _list_page(request, access, form=form, status=422 if form.errors else 200)


@login_required
@require_POST
def places_import(request, slug):
    """Markets or sites from a CSV/XLSX file: all or nothing, every bad row named."""
    access = partnership_access(request.user, slug=slug, manage=True)
    form = PlacesImportForm(request.POST, request.FILES)
    result = None
    if form.is_valid():
        try:
            result = services.places_import(access=access, kind=form.cleaned_data["kind"],
                                            rows_or_file=form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error("file", exc.message_dict.get("file", exc.messages))
        else:
            if result.ok:
                messages.success(request, result.summary())
                return redirect("markets:list", slug=slug)
    failed = bool(form.errors or (result and not result.ok))
    return _list_page(request, access, import_form=form, result=result, status=422 if failed else 200)


@login_required
def market_detail(request, slug, market_id):
    """One market with its sites; managers add a site here."""
    access = partnership_access(request.user, slug=slug)
    market = selectors.market_get(access=access, market_id=market_id)
    form = SiteForm(request.POST or None, markets=[market], initial={"market": market.code})
    if request.method == "POST":
        access.require_manage()
        if form.is_valid() and service_on_form(form, services.site_create, access=access,
                                               **form.service_fields()):
            messages.success(request, "Site added.")
            return redirect("markets:market", slug=slug, market_id=market.pk)
    return render(request, "markets/market.html", {
        "access": access, "partnership": access.partnership, "market": market, "form": form,
        "sites": selectors.site_list(access=access, market=market.code),
    }, status=422 if form.errors else 200)


@login_required
def market_edit(request, slug, market_id):
    access = partnership_access(request.user, slug=slug, manage=True)
    market = selectors.market_get(access=access, market_id=market_id)
    form = MarketForm(request.POST or None, initial={
        **{name: getattr(market, name) for name in services.MARKET_FIELDS}, "revision": market.revision})
    if request.method == "POST" and form.is_valid() and service_on_form(
            form, services.market_update, access=access, market=market, revision=form.cleaned_data["revision"],
            **form.service_fields()):
        messages.success(request, "Market saved.")
        return redirect("markets:market", slug=slug, market_id=market.pk)
    return render(request, "markets/edit.html", {
        "access": access, "partnership": access.partnership, "form": form, "title": f"Edit market {market.code}",
        "back": ("markets:market", market.pk),
    }, status=422 if form.errors else 200)


@login_required
def site_edit(request, slug, site_id):
    access = partnership_access(request.user, slug=slug, manage=True)
    site = selectors.site_get(access=access, site_id=site_id)
    form = SiteForm(request.POST or None, markets=selectors.market_list(access=access), initial={
        "code": site.code, "name": site.name, "market": site.market.code, "address": site.address,
        "revision": site.revision})
    if request.method == "POST" and form.is_valid() and service_on_form(
            form, services.site_update, access=access, site=site, revision=form.cleaned_data["revision"],
            **form.service_fields()):
        messages.success(request, "Site saved.")
        return redirect("markets:market", slug=slug, market_id=site.market_id)
    return render(request, "markets/edit.html", {
        "access": access, "partnership": access.partnership, "form": form, "title": f"Edit site {site.code}",
        "back": ("markets:market", site.market_id),
    }, status=422 if form.errors else 200)


@login_required
def heat_map(request, slug):
    """Markets × per-market indicators for a month: each market's value and status, the roll-up, the spread."""
    access = partnership_access(request.user, slug=slug)
    period = request.GET.get("period", "").strip()
    try:
        page = market_heat_map(access, period or None)
    except ValidationError as exc:
        messages.error(request, exc.message_dict["period"][0])
        page = market_heat_map(access)
    return render(request, "markets/heat_map.html", {
        "access": access, "partnership": access.partnership, "heat": page,
    })
