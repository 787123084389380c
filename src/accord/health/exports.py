"""The results of a round as a table download: one row per party and dimension — aggregates only, never a
person's answer (a party below the threshold is one row saying so)."""

from accord.core.exports import Column, Table

from .calculations import OK


def results_table(survey, results: dict) -> Table:
    rows = []
    for party in results["parties"]:
        if party["status"] != OK:
            rows.append([party["name"], party["responses"], "not enough responses", "", "", ""])
            continue
        for dimension in party["dimensions"]:
            rows.append([party["name"], party["responses"], dimension.get("label", dimension["code"]),
                         dimension["mean"], dimension["score"], ""])
        if party["nps"] and party["nps"]["value"] is not None:
            rows.append([party["name"], party["responses"], "Net promoter score", "", "", party["nps"]["value"]])
    return Table(title=f"{survey.title} results", columns=[
        "Party", "Responses", "Dimension", Column("Mean (1–5)", "0.00"), Column("Score (0–100)", "0.0"),
        Column("NPS", "0.0")], rows=rows)
