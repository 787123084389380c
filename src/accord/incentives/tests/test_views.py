from accord.incentives.models import Statement, StatementNote
from accord.incentives.services import statement_note_create

from .conftest import months_back


def page(world, tail=""):
    return f"/partnerships/{world.partnership.slug}/incentives/{tail}"


def test_statement_page_shows_every_line_with_its_formula(model_in_force, money_world, web, month):
    response = web("bob").get(page(money_world, f"statements/{month:%Y-%m}/"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "100,000.00 × 5% × min(1, (119.17 − 100) ÷ (110 − 100))" in text
    assert "savings = baseline − actual = 80,000 − 60,000 = 20,000" in text
    assert "115000.00" in text and "SECRET" not in text


def test_outsider_gets_404_and_viewer_may_not_write(model_in_force, money_world, web, month):
    for tail in ("", f"statements/{month:%Y-%m}/"):
        assert web("charlie").get(page(money_world, tail)).status_code == 404
    for action in ("approve", "notes", "simulate"):
        assert web("victor").post(page(money_world, f"statements/{month:%Y-%m}/{action}/")).status_code == 403
    assert Statement.objects.count() == 0 and StatementNote.objects.count() == 0


def test_a_period_without_a_model_says_so(model_in_force, money_world, web, month):
    response = web("alice").get(page(money_world, f"statements/{months_back(month, 6):%Y-%m}/"))
    assert response.status_code == 200 and "No signed financial model applies" in response.content.decode()


def test_what_if_then_both_approve(model_in_force, money_world, web, month):
    url = page(money_world, f"statements/{month:%Y-%m}/")
    response = web("alice").post(url + "simulate/", {"value-SAFE": "50"})
    assert response.status_code == 200
    assert "SAFE is red → penalty 2,000" in response.content.decode()
    assert web("alice").post(url + "simulate/", {"value-SECRET": "1"}).content.decode().count("not a shared") == 1
    assert Statement.objects.count() == 0
    web("alice").post(url + "approve/")
    web("bob").post(url + "approve/")
    assert Statement.objects.get().status == "approved"
    assert "Approve for" not in web("bob").get(url).content.decode()


def test_private_notes_stay_with_their_party(model_in_force, money_world, web, month):
    statement_note_create(access=money_world.access(money_world.bob), period=month, text="Bob margin worry")
    url = page(money_world, f"statements/{month:%Y-%m}/")
    assert "Bob margin worry" in web("bob").get(url).content.decode()
    assert "Bob margin worry" not in web("alice").get(url).content.decode()


def test_home_query_count_is_pinned(model_in_force, money_world, web, django_assert_max_num_queries):
    client = web("alice")
    with django_assert_max_num_queries(20):
        response = client.get(page(money_world))
    assert response.status_code == 200 and "Version 1 is in force" in response.content.decode()


def test_statement_export_has_every_line_with_its_formula(model_in_force, money_world, web, month):
    url = page(money_world, f"statements/{month:%Y-%m}/export/")
    response = web("alice").get(url, {"format": "csv"})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "base_fee" in text and "savings = baseline − actual" in text and "115000.00" in text
    assert web("alice").get(url, {"format": "xlsx"})["Content-Type"].startswith("application/vnd.openxmlformats")
    assert web("alice").get(url, {"format": "pdf"}).status_code == 400
    assert web("charlie").get(url).status_code == 404


def test_statement_pdf(model_in_force, money_world, web, month):
    url = page(money_world, f"statements/{month:%Y-%m}/statement.pdf")
    response = web("bob").get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert web("charlie").get(url).status_code == 404
