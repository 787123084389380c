import pytest
from django.http import Http404

from accord.partnerships import notes
from accord.partnerships.access import partnership_access, partnerships_for_user, record_get
from accord.partnerships.models import PartyNote
from accord.partnerships.notes import PARTY_NOTES


def test_outsider_gets_the_same_404_as_for_a_missing_partnership(world):
    with pytest.raises(Http404) as not_theirs:
        partnership_access(world.charlie, partnership_id=world.partnership.pk)
    with pytest.raises(Http404) as missing:
        partnership_access(world.charlie, partnership_id=987654)
    assert str(not_theirs.value) == str(missing.value)


def test_invited_but_not_accepted_organization_cannot_enter(world):
    from accord.partnerships.services import party_invite

    party_invite(access=world.access(world.alice), organization_name=world.outsider_org.name, role="partner")
    with pytest.raises(Http404):
        partnership_access(world.charlie, partnership_id=world.partnership.pk)
    assert not partnerships_for_user(world.charlie).exists()


def test_both_parties_see_the_partnership(world):
    assert list(partnerships_for_user(world.alice)) == [world.partnership]
    assert list(partnerships_for_user(world.bob)) == [world.partnership]


def test_record_get_hides_other_partys_private_record(world):
    note = notes.note_create(kind=PARTY_NOTES, access=world.access(world.alice), text="private")
    assert record_get(PartyNote.objects.all(), world.access(world.alice), note.pk) == note
    with pytest.raises(Http404):
        record_get(PartyNote.objects.all(), world.access(world.bob), note.pk)
    with pytest.raises(Http404):
        record_get(PartyNote.objects.all(), world.access(world.bob), "not-a-number")
