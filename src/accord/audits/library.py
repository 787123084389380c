"""The shipped checklist templates: cleaning, security, food service, workplace experience.

Starting points in our own words; a partnership adds them from the templates page and changes
them to fit (a change after the first audit makes a new version).
"""

from .models import TemplateKind


def _items(*rows):
    """``(code, text, weight, scale, allow_na)`` rows as the service takes them."""
    return [{"code": code, "text": text, "weight": weight, "scale": scale, "allow_na": allow_na}
            for code, text, weight, scale, allow_na in rows]


SHIPPED = [
    {"code": "CLEAN", "name": "Cleaning standard walk-through", "kind": TemplateKind.CLEANING, "sections": [
        {"code": "FLOORS", "name": "Floors and surfaces", "items": _items(
            ("CL-01", "Floors are free of litter, stains and spills", 2, "0-4", False),
            ("CL-02", "Desks and touch points (handles, switches, lift buttons) are wiped", 2, "0-4", False),
            ("CL-03", "High surfaces and vents are free of visible dust", 1, "0-4", True))},
        {"code": "WASHROOMS", "name": "Washrooms", "items": _items(
            ("CL-04", "Soap, paper and sanitiser are stocked", 3, "yes_no", False),
            ("CL-05", "Toilets, basins and mirrors are clean", 3, "0-4", False),
            ("CL-06", "The cleaning log on the door is filled in for today", 1, "yes_no", False))},
        {"code": "WASTE", "name": "Waste and supplies", "items": _items(
            ("CL-07", "Bins are emptied before they are full and waste is sorted", 2, "0-4", False),
            ("CL-08", "Cleaning chemicals are labelled and locked away", 3, "yes_no", True))},
    ]},
    {"code": "SECURITY", "name": "Security post inspection", "kind": TemplateKind.SECURITY, "sections": [
        {"code": "POST", "name": "Guard post", "items": _items(
            ("SE-01", "The post is staffed at the agreed hours", 3, "yes_no", False),
            ("SE-02", "The officer wears uniform and visible identification", 1, "yes_no", False),
            ("SE-03", "Post orders are present, current and known to the officer", 2, "0-4", False))},
        {"code": "ACCESS", "name": "Access control", "items": _items(
            ("SE-04", "Visitors are signed in and wear a badge", 2, "0-4", False),
            ("SE-05", "Doors and gates that should be locked are locked", 3, "yes_no", False),
            ("SE-06", "CCTV monitors work and recordings are kept as agreed", 2, "yes_no", True))},
        {"code": "INCIDENTS", "name": "Patrols and incidents", "items": _items(
            ("SE-07", "Patrol rounds are logged at the agreed intervals", 2, "0-4", False),
            ("SE-08", "Incidents since the last audit were reported within the agreed time", 2, "yes_no", True))},
    ]},
    {"code": "FOOD", "name": "Food service and hygiene", "kind": TemplateKind.FOOD_SERVICE, "sections": [
        {"code": "HYGIENE", "name": "Kitchen hygiene", "items": _items(
            ("FS-01", "Fridge and freezer temperatures are in range and recorded twice a day", 3, "yes_no", False),
            ("FS-02", "Raw and cooked food are stored apart and dated", 3, "0-4", False),
            ("FS-03", "Staff wash hands, wear hair covering and clean aprons", 2, "0-4", False))},
        {"code": "SERVICE", "name": "Counter and service", "items": _items(
            ("FS-04", "Allergens are shown for every dish on the counter", 3, "yes_no", False),
            ("FS-05", "Hot food is served above 63 °C (probe check)", 2, "yes_no", True),
            ("FS-06", "Queues at lunch peak stay under ten minutes", 1, "0-4", True))},
        {"code": "DINING", "name": "Dining area", "items": _items(
            ("FS-07", "Tables are cleared and wiped between guests", 1, "0-4", False),
            ("FS-08", "Waste is sorted into food, recycling and general", 1, "0-4", False))},
    ]},
    {"code": "WORKPLACE", "name": "Workplace experience check", "kind": TemplateKind.WORKPLACE_EXPERIENCE,
     "sections": [
        {"code": "ARRIVAL", "name": "Arrival and reception", "items": _items(
            ("WX-01", "Visitors are greeted within two minutes of arriving", 2, "0-4", False),
            ("WX-02", "Signs to meeting rooms and facilities are clear", 1, "0-4", False))},
        {"code": "SPACES", "name": "Workspaces and meeting rooms", "items": _items(
            ("WX-03", "Meeting rooms are ready: screens work, tables clear, supplies in place", 2, "0-4", False),
            ("WX-04", "Temperature and light are comfortable", 1, "0-4", False),
            ("WX-05", "Quiet zones are respected", 1, "0-4", True))},
        {"code": "SUPPORT", "name": "Help when needed", "items": _items(
            ("WX-06", "A help-desk request raised today was acknowledged within an hour", 2, "yes_no", True),
            ("WX-07", "Employees know how to report a problem with the building", 1, "0-4", False))},
    ]},
]
