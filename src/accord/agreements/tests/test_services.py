import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accord.agreements import services
from accord.agreements.models import AgreementSignature, AgreementVersion, ResponsibilityArea, TermNote
from accord.agreements.notes import TERM_NOTES
from accord.core.errors import Conflict
from accord.core.models import AuditEvent
from accord.partnerships import notes

from .conftest import fill_draft, name_signatories, parties


def test_draft_starts_empty_and_numbers_count_up(signed_world):
    world = signed_world
    version = services.agreement_draft_create(access=world.access(world.alice))
    assert version.number == 1 and version.status == "draft" and version.visibility == "shared"
    with pytest.raises(ValidationError) as exc:
        services.agreement_draft_create(access=world.access(world.bob))
    assert "status" in exc.value.message_dict
    assert AuditEvent.objects.filter(record_type="agreements.agreementversion", action="create").count() == 1


def test_filled_draft_has_every_section(draft):
    assert draft.areas.count() == 2 and draft.deliverables.count() == 1 and draft.milestones.count() == 1
    assert draft.legal_items.count() == 1 and draft.exit_clauses.count() == 1 and draft.channels.count() == 1
    assert draft.liaisons.count() == 2 and draft.licence_fee_currency == "EUR"
    assert sorted(str(s.share_percent) for s in draft.revenue_shares.all()) == ["40.00", "60.00"]


def test_one_accountable_per_area_names_the_row_and_changes_nothing(signed_world, draft):
    world = signed_world
    client, provider = parties(world)
    revision = draft.revision
    with pytest.raises(ValidationError) as exc:
        services.responsibilities_replace(access=world.access(world.alice), version=draft, areas=[
            {"name": "Campaign strategy", "roles": {client.pk: "A"}},
            {"name": "Platform maintenance", "roles": {client.pk: "A", provider.pk: "A"}},
        ])
    message = exc.value.message_dict["areas"][0]
    assert "Row 2 (Platform maintenance)" in message and "found 2" in message
    assert list(draft.areas.values_list("name", flat=True)) == ["Environmental services", "Patient transport"]
    draft.refresh_from_db()
    assert draft.revision == revision


def test_raci_rejects_unknown_party_and_code(signed_world, draft):
    world = signed_world
    client, _ = parties(world)
    with pytest.raises(ValidationError) as exc:
        services.responsibilities_replace(access=world.access(world.alice), version=draft, areas=[
            {"name": "Billing", "roles": {client.pk: "A", 999999: "R"}},
            {"name": "Support", "roles": {client.pk: "X"}},
        ])
    message = exc.value.message_dict["areas"][0]
    assert "Row 1 (Billing)" in message and "“X” is not one of R, A, C, I" in message


def test_shares_must_sum_to_100_and_nothing_changes(signed_world, draft):
    world = signed_world
    client, provider = parties(world)
    with pytest.raises(ValidationError) as exc:
        services.agreement_terms_update(access=world.access(world.alice), version=draft, notice_period_days=30,
                                        revenue_shares={client.pk: "60", provider.pk: "30"})
    assert "revenue_shares" in exc.value.message_dict and "90" in exc.value.message_dict["revenue_shares"][0]
    draft.refresh_from_db()
    assert draft.notice_period_days == 90
    assert sorted(str(s.share_percent) for s in draft.revenue_shares.all()) == ["40.00", "60.00"]


def test_notice_shorter_than_term_and_end_after_start(signed_world, draft):
    access = signed_world.access(signed_world.alice)
    with pytest.raises(ValidationError) as exc:
        services.agreement_terms_update(access=access, version=draft, end_date=datetime.date(2026, 2, 1),
                                        notice_period_days=31)
    assert set(exc.value.message_dict) == {"notice_period_days"}
    with pytest.raises(ValidationError) as exc:
        services.agreement_terms_update(access=access, version=draft, end_date=datetime.date(2025, 12, 1))
    assert "end_date" in exc.value.message_dict
    draft.refresh_from_db()
    assert draft.end_date == datetime.date(2028, 12, 31) and draft.notice_period_days == 90


def test_terms_reject_stale_revision(signed_world, draft):
    with pytest.raises(Conflict):
        services.agreement_terms_update(access=signed_world.access(signed_world.alice), version=draft,
                                        revision=draft.revision - 1, notice_period_days=60)


def test_liaison_must_belong_to_their_party(signed_world, draft):
    world = signed_world
    client, provider = parties(world)
    with pytest.raises(ValidationError) as exc:
        services.communications_replace(access=world.access(world.alice), version=draft, channels=[],
                                        liaisons={provider.pk: world.alice.pk})
    assert "liaisons" in exc.value.message_dict
    assert draft.liaisons.count() == 2


def test_legal_item_rules_reach_the_service(signed_world, draft):
    with pytest.raises(ValidationError) as exc:
        services.section_item_create(access=signed_world.access(signed_world.alice), version=draft,
                                     section="legal_items", kind="data_privacy", title="Customer data")
    assert "regime" in exc.value.message_dict


def test_propose_then_one_signature_leaves_it_proposed(signed_world, draft):
    world = signed_world
    services.agreement_propose(access=world.access(world.bob), version=draft)
    services.agreement_sign(access=world.access(world.alice), version=draft)
    draft.refresh_from_db()
    assert draft.status == "proposed" and draft.signatures.count() == 1
    with pytest.raises(ValidationError):
        services.agreement_sign(access=world.access(world.alice), version=draft)
    services.agreement_sign(access=world.access(world.bob), version=draft)
    draft.refresh_from_db()
    assert draft.status == "in_force" and draft.in_force_at is not None


def test_propose_needs_start_date_and_valid_matrix(signed_world):
    world = signed_world
    version = services.agreement_draft_create(access=world.access(world.alice))
    with pytest.raises(ValidationError) as exc:
        services.agreement_propose(access=world.access(world.alice), version=version)
    assert "start_date" in exc.value.message_dict


def test_non_signatory_cannot_sign_and_nobody_signs_for_another_party(world, draft):
    services.agreement_propose(access=world.access(world.alice), version=draft)
    # maya is a contributor of bob's party but not its signatory; victor is a viewer.
    with pytest.raises(PermissionDenied):
        services.agreement_sign(access=world.access(world.maya), version=draft)
    with pytest.raises(PermissionDenied):
        services.agreement_sign(access=world.access(world.victor), version=draft)
    bob_party = world.access(world.bob).party
    with pytest.raises(PermissionDenied):
        services.agreement_sign(access=world.access(world.alice), version=draft, party_id=bob_party.pk)
    assert AgreementSignature.objects.count() == 0


def test_drafts_only_are_signed_and_edited(signed_world, in_force):
    world = signed_world
    with pytest.raises(ValidationError):
        services.agreement_sign(access=world.access(world.bob), version=in_force)
    with pytest.raises(ValidationError) as exc:
        services.agreement_terms_update(access=world.access(world.alice), version=in_force, notice_period_days=30)
    assert "status" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.section_item_create(access=world.access(world.alice), version=in_force, section="milestones",
                                     title="x", date=datetime.date(2027, 1, 1))
    with pytest.raises(ValidationError):
        services.responsibilities_replace(access=world.access(world.alice), version=in_force, areas=[])
    in_force.refresh_from_db()
    assert in_force.notice_period_days == 90 and in_force.areas.count() == 2


def test_new_draft_copies_and_new_signing_supersedes(signed_world, in_force):
    world = signed_world
    alice, bob = world.access(world.alice), world.access(world.bob)
    v2 = services.agreement_draft_create(access=bob)
    assert v2.number == 2 and v2.based_on_id == in_force.pk
    assert v2.areas.count() == 2 and v2.deliverables.count() == 1 and v2.liaisons.count() == 2
    assert ResponsibilityArea.objects.filter(version=v2, assignments__role="A").count() == 2
    services.agreement_terms_update(access=bob, version=v2, notice_period_days=60)
    in_force.refresh_from_db()
    assert in_force.notice_period_days == 90  # the signed version is untouched
    services.agreement_propose(access=bob, version=v2)
    services.agreement_sign(access=bob, version=v2)
    in_force.refresh_from_db()
    assert in_force.status == "in_force"  # until every party has signed
    services.agreement_sign(access=alice, version=v2)
    in_force.refresh_from_db()
    v2.refresh_from_db()
    assert (in_force.status, v2.status) == ("superseded", "in_force")
    statuses = list(AuditEvent.objects.filter(record_type="agreements.agreementversion")
                    .values_list("changes", flat=True))
    assert any(c[0]["after"] == "superseded" for c in statuses if c)


def test_reworking_a_proposal_supersedes_it(signed_world, draft):
    world = signed_world
    services.agreement_propose(access=world.access(world.alice), version=draft)
    with pytest.raises(ValidationError) as refused:
        services.agreement_draft_create(access=world.access(world.bob), reason=" ")
    assert "reason" in refused.value.message_dict
    draft.refresh_from_db()
    assert draft.status == "proposed"
    v2 = services.agreement_draft_create(access=world.access(world.bob), reason="The exit clauses need work.")
    draft.refresh_from_db()
    assert draft.status == "superseded" and v2.status == "draft" and v2.areas.count() == 2
    assert draft.withdrawn_reason == "The exit clauses need work." and draft.withdrawn_by == world.bob


def test_viewer_cannot_write(world, draft):
    victor = world.access(world.victor)
    with pytest.raises(PermissionDenied):
        services.agreement_terms_update(access=victor, version=draft, notice_period_days=30)
    with pytest.raises(PermissionDenied):
        notes.note_create(kind=TERM_NOTES, access=victor, term="exit", text="x")


def test_term_notes_private_by_default_and_owned(world):
    note = notes.note_create(kind=TERM_NOTES, access=world.access(world.alice), term="revenue_sharing", text="Walk away < 55%")
    assert note.visibility == "private"
    with pytest.raises(PermissionDenied):
        notes.note_update(access=world.access(world.bob), note=note, text="mine now")
    event = AuditEvent.objects.get(record_type="agreements.termnote")
    assert event.visibility == "private" and event.owner_party == world.access(world.alice).party
    assert TermNote.objects.visible_to(world.access(world.bob).party).count() == 0


def test_every_step_is_audited(signed_world):
    world = signed_world
    before = AuditEvent.objects.count()
    version = services.agreement_draft_create(access=world.access(world.alice))
    fill_draft(world, version)
    services.agreement_propose(access=world.access(world.alice), version=version)
    services.agreement_sign(access=world.access(world.alice), version=version)
    services.agreement_sign(access=world.access(world.bob), version=version)
    # draft + terms + matrix + 4 items + protocol + propose + 2 signatures + in force
    assert AuditEvent.objects.count() - before == 12
    assert AgreementVersion.objects.get().status == "in_force"


def test_name_signatories_helper_is_idempotent_guard(world):
    name_signatories(world)
    with pytest.raises(ValidationError):
        name_signatories(world)
