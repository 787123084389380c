"""Forms only parse: the audit form's fields into the answers, findings and photos the services take."""

from django import forms


class AuditStartForm(forms.Form):
    template = forms.ChoiceField(choices=())
    site = forms.ChoiceField(choices=(), label="Site (or a whole market)")
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, templates=(), markets=(), sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [(t.code, f"{t.name} ({t.code})") for t in templates]
        self.fields["site"].choices = ([(f"site:{s.code}", f"{s.name} ({s.market.code})") for s in sites]
                                       + [(f"market:{m.code}", f"All of {m.name}") for m in markets])

    def place(self) -> dict:
        kind, _, code = self.cleaned_data["site"].partition(":")
        return {"site": code} if kind == "site" else {"market": code}


def answers_from(post, items) -> list[dict]:
    """``answer-<item id>`` / ``comment-<item id>`` fields → the service's answers (unanswered items left out)."""
    answers = []
    for item in items:
        raw = post.get(f"answer-{item.pk}", "").strip()
        if not raw:
            continue
        answer = int(raw) if raw.isdigit() and not item.yes_no else raw
        answers.append({"item": item.code, "answer": answer, "comment": post.get(f"comment-{item.pk}", "")})
    return answers


def photos_from(files, items) -> dict:
    """``photo-<item id>`` uploads → {item code: upload}."""
    return {item.code: files[f"photo-{item.pk}"] for item in items if files.get(f"photo-{item.pk}")}


def findings_from(post) -> list[dict]:
    """The one new finding of the form (text, owner "user:party", due date), if its text is filled in."""
    text = post.get("finding_text", "").strip()
    if not text:
        return []
    user, _, party = post.get("finding_owner", "").partition(":")
    return [{"text": text, "owner": int(user) if user.isdigit() else None,
             "owner_party": int(party) if party.isdigit() else None,
             "due_date": post.get("finding_due") or None, "item": post.get("finding_item") or None}]
