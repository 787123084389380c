"""The metrics tables as they leave Accord as files (``core.exports``): each built from the same selector
as its page, so a download holds exactly the rows the caller sees there."""

from accord.core.exports import Column, Table
from accord.metrics.models import Indicator
from accord.partnerships.access import PartnershipAccess

NUMBER = "#,##0.######"


def _who(user) -> str:
    return user.username if user else ""


def indicators_table(*, access: PartnershipAccess, indicators) -> Table:
    return Table(f"{access.partnership.slug}-indicators", [
        "Code", "Name", "Kind", "Unit", "Direction", Column("Target", NUMBER), Column("Weight", NUMBER), "Frequency",
        "Aggregation", "Who enters", "Owner", "Visibility", "Status", "Active from", "Active to",
    ], ([i.code, i.name, i.get_kind_display(), i.unit, i.get_direction_display(), i.target, i.weight,
         i.get_frequency_display(), i.get_aggregation_display(), i.get_entry_by_display(),
         i.owner_party.organization.name, i.visibility, i.get_status_display(), i.active_from, i.active_to]
        for i in indicators.select_related("owner_party__organization")))


def measurements_table(*, access: PartnershipAccess, measurements) -> Table:
    return Table(f"{access.partnership.slug}-measurements", [
        "Indicator", "Indicator name", "Period", Column("Value", NUMBER), "Unit", "Comment", "Source", "Entered by",
        "Entered at (UTC)",
    ], ([m.indicator.code, m.indicator.name, m.period, m.value, m.indicator.unit, m.comment, m.get_source_display(),
         _who(m.entered_by), m.entered_at] for m in measurements))


def indicator_history_table(*, access: PartnershipAccess, indicator: Indicator, history: list[dict]) -> Table:
    """Every period of the indicator: the current value (``current``) and each earlier one (``earlier``)."""
    rows = []
    for entry in history:
        measurement = entry["measurement"]
        if measurement is not None:
            rows.append([entry["label"], entry["period"], "current", measurement.value, measurement.comment,
                         measurement.get_source_display(), _who(measurement.entered_by), measurement.entered_at,
                         "", "", None])
        for revision in entry["revisions"]:
            rows.append([entry["label"], entry["period"], f"earlier ({revision.get_reason_display().lower()})",
                         revision.value, revision.comment, revision.get_source_display(), _who(revision.entered_by),
                         revision.entered_at, revision.get_reason_display(), _who(revision.replaced_by),
                         revision.replaced_at])
    return Table(f"{access.partnership.slug}-{indicator.code}-history", [
        "Period", "Period start", "Value is", Column("Value", NUMBER), "Comment", "Source", "Entered by",
        "Entered at (UTC)", "Replaced because", "Replaced by", "Replaced at (UTC)",
    ], rows)
