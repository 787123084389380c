import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accord.charters import selectors, services
from accord.charters.models import CharterSignature, CharterVersion, VersionStatus
from accord.core.errors import Conflict
from accord.core.models import AuditEvent
from accord.core.testing import make_user
from accord.partnerships import services as partnership_services
from accord.partnerships.access import partnership_access

from .conftest import VALID


def test_create_draft_numbers_and_audits(world):
    access = world.access(world.alice)
    first = services.charter_version_create(access=access)
    second = services.charter_version_create(access=access, **VALID)
    assert (first.number, second.number) == (1, 2)
    assert first.status == second.status == VersionStatus.DRAFT
    assert second.values[0] == {"name": "Patients first", "description": "Every decision starts with the patient."}
    assert AuditEvent.objects.filter(record_type="charters.charterversion", action="create").count() == 2
    # Shared: bob sees alice's drafts.
    assert selectors.charter_version_get(access=world.access(world.bob), number=2).pk == second.pk


def test_create_from_template_fills_party_names(world):
    version = services.charter_version_create(access=world.access(world.alice), template="hospital-patient-experience")
    assert "Northwind Health and Meridian Facility Services" in version.purpose
    assert len(version.values) == 4 and version.source.startswith("template:")
    with pytest.raises(ValidationError) as exc:
        services.charter_version_create(access=world.access(world.alice), template="nope")
    assert "template" in exc.value.message_dict


def test_create_from_version_and_from_another_partnership(world, in_force):
    access = world.access(world.alice)
    copy = services.charter_version_create(access=access, from_version=in_force.number, tagline="Refreshed")
    assert copy.purpose == in_force.purpose and copy.tagline == "Refreshed" and copy.status == "draft"
    other = partnership_services.partnership_create(acting_user=world.alice, name="Laundry", role="client")
    other_access = partnership_access(world.alice, partnership_id=other.pk)
    copied = services.charter_version_create(access=other_access, copy_from=world.partnership.pk)
    assert copied.mission == in_force.mission and copied.partnership_id == other.pk
    assert "copied from" in copied.source


def test_copy_from_a_partnership_that_is_not_yours_is_refused_like_a_missing_one(world):
    charlie_partnership = partnership_services.partnership_create(acting_user=world.charlie, name="Own", role="client")
    services.charter_version_create(access=partnership_access(world.charlie, partnership_id=charlie_partnership.pk),
                                    **VALID)
    access = world.access(world.alice)
    messages = []
    for pid in (charlie_partnership.pk, 999999):
        with pytest.raises(ValidationError) as exc:
            services.charter_version_create(access=access, copy_from=pid)
        messages.append(exc.value.message_dict["copy_from"])
    assert messages[0] == messages[1]
    assert not CharterVersion.objects.filter(partnership=world.partnership).exists()


def test_one_source_only(world):
    with pytest.raises(ValidationError) as exc:
        services.charter_version_create(access=world.access(world.alice), template="technology-alliance",
                                        from_version=1)
    assert "from_version" in exc.value.message_dict


def test_edit_draft_with_revision_guard(world):
    access = world.access(world.alice)
    version = services.charter_version_create(access=access)
    version = services.charter_version_update(access=access, version=version, revision=1, purpose="Why we exist")
    assert version.purpose == "Why we exist" and version.revision == 2
    with pytest.raises(Conflict):
        services.charter_version_update(access=access, version=version, revision=1, purpose="Stale")
    with pytest.raises(ValidationError) as exc:
        services.charter_version_update(access=access, version=version,
                                        values=[{"name": "A", "description": ""}, {"name": "a", "description": ""}])
    assert "values" in exc.value.message_dict
    version.refresh_from_db()
    assert version.values == [] and version.purpose == "Why we exist"


def test_in_force_and_proposed_versions_cannot_be_edited_in_place(world, in_force):
    for version in (in_force,):
        with pytest.raises(ValidationError) as exc:
            services.charter_version_update(access=world.access(world.alice), version=version, purpose="Changed")
        assert "status" in exc.value.message_dict
    in_force.refresh_from_db()
    assert in_force.purpose == VALID["purpose"]


def test_propose_requires_purpose_mission_and_a_value(world):
    access = world.access(world.alice)
    version = services.charter_version_create(access=access, vision="Only a vision")
    with pytest.raises(ValidationError) as exc:
        services.charter_version_propose(access=access, version=version)
    assert set(exc.value.message_dict) == {"purpose", "mission", "values"}
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT


def test_proposing_returns_the_earlier_proposal_to_draft(world, proposed):
    services.charter_version_sign(access=world.access(world.alice), version=proposed)
    access = world.access(world.alice)
    newer = services.charter_version_create(access=access, from_version=proposed.number)
    services.charter_version_propose(access=access, version=newer)
    proposed.refresh_from_db()
    assert proposed.status == VersionStatus.DRAFT
    assert not proposed.signatures.exists()
    assert CharterVersion.objects.get(pk=newer.pk).status == VersionStatus.PROPOSED


def test_one_signature_leaves_it_proposed(world, proposed):
    version = services.charter_version_sign(access=world.access(world.alice), version=proposed)
    assert version.status == VersionStatus.PROPOSED
    assert selectors.charter_version_in_force(world.partnership) is None


def test_every_party_signing_brings_it_into_force(world, in_force):
    assert in_force.status == VersionStatus.IN_FORCE and in_force.in_force_at is not None
    assert selectors.charter_version_in_force(world.partnership).pk == in_force.pk
    assert {s.party.organization.name for s in in_force.signatures.all()} == {"Northwind Health",
                                                                             "Meridian Facility Services"}


def test_previous_in_force_becomes_superseded(world, in_force):
    alice, bob = world.access(world.alice), world.access(world.bob)
    second = services.charter_version_create(access=bob, from_version=1, tagline="Better together")
    services.charter_version_propose(access=bob, version=second)
    services.charter_version_sign(access=bob, version=second)
    in_force.refresh_from_db()
    assert in_force.status == VersionStatus.IN_FORCE  # still in force until both have signed
    services.charter_version_sign(access=alice, version=second)
    in_force.refresh_from_db()
    assert in_force.status == VersionStatus.SUPERSEDED and in_force.superseded_at is not None
    assert selectors.charter_version_in_force(world.partnership).number == 2
    events = AuditEvent.objects.filter(record_type="charters.charterversion", record_id=str(in_force.pk))
    assert [{"field": "status", "before": "in_force", "after": "superseded"}] in [e.changes for e in events]


def test_non_signatory_cannot_sign(world, proposed):
    # maya (contributor) and an admin who is not named signatory are both refused.
    for user in (world.maya, make_user("bea", world.provider_org)):
        with pytest.raises(PermissionDenied):
            services.charter_version_sign(access=world.access(user), version=proposed)
    assert not CharterSignature.objects.exists()


def test_nobody_signs_for_another_party(world, proposed):
    alice = world.access(world.alice)
    bob_party = world.access(world.bob).party
    with pytest.raises(PermissionDenied):
        services.charter_version_sign(access=alice, version=proposed, party_id=bob_party.pk)
    assert not CharterSignature.objects.exists()
    services.charter_version_sign(access=alice, version=proposed, party_id=alice.party.pk)
    assert CharterSignature.objects.get().party == alice.party


def test_signing_twice_is_an_error(world, proposed):
    access = world.access(world.alice)
    services.charter_version_sign(access=access, version=proposed)
    with pytest.raises(ValidationError) as exc:
        services.charter_version_sign(access=access, version=proposed)
    assert "signature" in exc.value.message_dict
    assert CharterSignature.objects.count() == 1


def test_only_proposed_versions_can_be_signed(world, signatories):
    draft = services.charter_version_create(access=world.access(world.alice), **VALID)
    with pytest.raises(ValidationError) as exc:
        services.charter_version_sign(access=world.access(world.alice), version=draft)
    assert "status" in exc.value.message_dict


def test_viewer_cannot_write(world, proposed):
    victor = world.access(world.victor)
    with pytest.raises(PermissionDenied):
        services.charter_version_create(access=victor)
    with pytest.raises(PermissionDenied):
        services.charter_version_sign(access=victor, version=proposed)


def test_withdraw_clears_signatures_and_keeps_the_reason(world, proposed):
    services.charter_version_sign(access=world.access(world.alice), version=proposed)
    version = services.charter_version_withdraw(access=world.access(world.bob), version=proposed,
                                                reason="  The mission  misses the transport service. ")
    assert version.status == VersionStatus.DRAFT and not version.signatures.exists()
    assert version.withdrawn_reason == "The mission misses the transport service."
    assert version.withdrawn_by == world.bob and version.withdrawn_at is not None
    event = AuditEvent.objects.filter(record_id=version.pk).latest("pk")
    assert {"field": "withdrawal_reason", "before": None,
            "after": "The mission misses the transport service."} in event.changes


@pytest.mark.parametrize("reason", ["", "   ", "x" * 1001])
def test_withdraw_needs_a_reason_and_changes_nothing_without_one(world, proposed, reason):
    services.charter_version_sign(access=world.access(world.alice), version=proposed)
    with pytest.raises(ValidationError) as refused:
        services.charter_version_withdraw(access=world.access(world.bob), version=proposed, reason=reason)
    assert "reason" in refused.value.message_dict
    proposed.refresh_from_db()
    assert proposed.status == VersionStatus.PROPOSED and proposed.signatures.count() == 1


def test_review_cadence_and_review_dates(world, in_force):
    access = world.access(world.alice)
    charter = services.charter_review_cadence_update(access=access, purpose_values_review_months=24,
                                                     mission_vision_review_months=3)
    assert (charter.purpose_values_review_months, charter.mission_vision_review_months) == (24, 3)
    review = selectors.charter_review(access=access)
    assert review["mission_vision_due"].month == (in_force.in_force_at.month + 2) % 12 + 1
    with pytest.raises(ValidationError) as exc:
        services.charter_review_cadence_update(access=access, purpose_values_review_months=0,
                                               mission_vision_review_months=6)
    assert "purpose_values_review_months" in exc.value.message_dict
    charter.refresh_from_db()
    assert charter.purpose_values_review_months == 24


def test_review_overdue_from_selector(world, in_force):
    import datetime
    review = selectors.charter_review(access=world.access(world.alice),
                                      today=in_force.in_force_at + datetime.timedelta(days=200))
    assert review["mission_vision_overdue"] and review["overdue"] and not review["purpose_values_overdue"]


def test_review_flag_matches_the_full_review_in_one_query(world, in_force, django_assert_num_queries):
    access = world.access(world.alice)
    with django_assert_num_queries(1):
        flag = selectors.charter_review_flag(access=access)
    assert flag == selectors.charter_review(access=access)
