import re
import subprocess
import sys

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from accord.accounts.models import ApiToken, Invitation, Membership, User
from accord.accounts.services import api_token_authenticate, api_token_create, invitation_create
from accord.core.testing import PASSWORD


def test_passwords_are_hashed_with_argon2(db):
    from django.conf import settings as live

    from accord.accounts.services import organization_create, user_create
    from accord.settings import PASSWORD_HASHERS

    assert "Argon2" in PASSWORD_HASHERS[0]
    with override_settings(PASSWORD_HASHERS=PASSWORD_HASHERS):
        user = user_create(username="zoe", email="zoe@example.com", password="a-long-pass-phrase",
                           organization=organization_create(name="Zed"), check_password=False)
        assert user.password.startswith("argon2") and live.PASSWORD_HASHERS == PASSWORD_HASHERS


def test_sign_in_and_out(world, client):
    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/partnerships/"
    assert client.get("/partnerships/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/partnerships/").status_code == 302


@pytest.mark.parametrize("fields", [{"username": "alice"}, {"password": PASSWORD}, {}])
def test_sign_in_with_an_empty_field_asks_again(world, client, fields):
    response = client.post("/accounts/login/", fields)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert client.get("/partnerships/").status_code == 302


def test_password_reset_sends_a_working_link(world, client):
    response = client.post("/accounts/password-reset/", {"email": "alice@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/accounts/password-reset/\S+/", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    form_path = response.redirect_chain[-1][0]
    response = client.post(form_path, {"new_password1": "a-brand-new-secret-42", "new_password2": "a-brand-new-secret-42"})
    assert response.status_code == 302
    world.alice.refresh_from_db()
    assert world.alice.check_password("a-brand-new-secret-42")


def test_admin_invites_a_colleague_who_joins_with_the_role(world, web, client, django_capture_on_commit_callbacks):
    alice = web("alice")
    with django_capture_on_commit_callbacks(execute=True):
        response = alice.post("/accounts/organization/", {"email": "nora@northwind.example", "role": "manager"})
    assert response.status_code == 302
    token = re.search(r"/accounts/invitations/([^/]+)/", mail.outbox[-1].body).group(1)
    response = client.post(f"/accounts/invitations/{token}/",
                           {"username": "nora", "password": "sunny-meadow-4217", "first_name": "Nora"})
    assert response.status_code == 302
    nora = User.objects.get(username="nora")
    assert nora.membership.organization == world.client_org and nora.membership.role == "manager"
    # The link works once.
    assert client.get(f"/accounts/invitations/{token}/").status_code == 404


def test_invitation_bad_input(world):
    with pytest.raises(Exception) as exc:
        invitation_create(acting_user=world.alice, email="bob@example.com", role="manager")
    assert "email" in exc.value.message_dict
    with pytest.raises(Exception) as exc:
        invitation_create(acting_user=world.alice, email="new@example.com", role="king")
    assert "role" in exc.value.message_dict
    assert Invitation.objects.count() == 0


def test_only_admins_invite_and_change_roles(world, web):
    victor = web("victor")
    victor.post("/accounts/organization/", {"email": "x@example.com", "role": "admin"})
    assert Invitation.objects.count() == 0
    membership = world.victor.membership
    victor.post(f"/accounts/organization/members/{membership.pk}/role/", {"role": "admin"})
    membership.refresh_from_db()
    assert membership.role == "viewer"


def test_admin_changes_a_role_but_not_in_another_organization(world, web):
    alice = web("alice")
    alice.post(f"/accounts/organization/members/{world.victor.membership.pk}/role/", {"role": "contributor"})
    assert Membership.objects.get(user=world.victor).role == "contributor"
    response = alice.post(f"/accounts/organization/members/{world.bob.membership.pk}/role/", {"role": "viewer"})
    assert response.status_code == 404
    assert Membership.objects.get(user=world.bob).role == "admin"


def test_last_admin_cannot_step_down(world, web):
    response = web("alice").post(f"/accounts/organization/members/{world.alice.membership.pk}/role/",
                                 {"role": "viewer"}, follow=True)
    assert "at least one admin" in response.content.decode()
    assert Membership.objects.get(user=world.alice).role == "admin"


def test_tokens_are_stored_hashed_shown_once_and_revocable(world, web, client):
    alice = web("alice")
    response = alice.post("/accounts/profile/", {"name": "ERP export"})
    raw = re.search(r'id="new-token">([^<]+)<', response.content.decode()).group(1)
    token = ApiToken.objects.get(user=world.alice)
    assert raw not in token.token_hash and token.hint == raw[:8]
    assert raw not in alice.get("/accounts/profile/").content.decode()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    alice.post(f"/accounts/profile/tokens/{token.pk}/revoke/")
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_nobody_revokes_someone_elses_token(world, web):
    token, raw = api_token_create(user=world.bob, name="bob's")
    assert web("alice").post(f"/accounts/profile/tokens/{token.pk}/revoke/").status_code == 404
    assert api_token_authenticate(raw) == world.bob


def test_token_command_prints_the_token_last(world, capsys):
    call_command("token", "bob")
    out = capsys.readouterr().out.strip().splitlines()
    assert api_token_authenticate(out[-1]) == world.bob


def test_createuser_command_and_its_errors(db, capsys):
    call_command("createuser", "dana", email="dana@example.com", organization="Acme", password="long-enough-pw-1")
    assert User.objects.get(username="dana").membership.organization.name == "Acme"
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="email"):
        call_command("createuser", "erin", email="not-an-email", organization="Acme", password="long-enough-pw-1")


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {"DEBUG": "false", "SECRET_KEY": "", "ACCORD_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='accord.settings'; django.setup()"],
                            env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr
    env["SECRET_KEY"] = "x" * 50
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='accord.settings'; django.setup();"
            "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.stdout.strip() == "True True True", result.stderr


def test_pages_carry_a_content_security_policy(world, client):
    response = client.get("/accounts/login/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_demo_seeds_once(db, capsys, tmp_path):
    call_command("demo", no_serve=True)
    first = capsys.readouterr().out
    assert "charlie" in first and "no partnership" in first
    from accord.partnerships.models import Partnership, PartyNote

    counts = (User.objects.count(), Partnership.objects.count(), PartyNote.objects.count())
    call_command("demo", no_serve=True)
    assert (User.objects.count(), Partnership.objects.count(), PartyNote.objects.count()) == counts
    assert counts[1] >= 3


def test_site_assets_are_found_by_staticfiles():
    from django.contrib.staticfiles import finders

    for asset in ("accord/accord.css", "accord/favicon.svg", "vendor/htmx-2.0.4.min.js"):
        assert finders.find(asset), asset


def test_consequential_account_actions_ask_first(world, web):
    api_token_create(user=world.alice, name="CI deploys")
    alice = web("alice")
    profile = alice.get("/accounts/profile/").content.decode()
    assert 'data-confirm-title="Revoke this token?"' in profile and "data-confirm-danger" in profile
    organization = alice.get("/accounts/organization/").content.decode()
    assert "data-confirm-title=\"Change" in organization and 'data-confirm-button="Change role"' in organization
    password = alice.get("/accounts/password/").content.decode()
    assert 'data-confirm-title="Change your password?"' in password
