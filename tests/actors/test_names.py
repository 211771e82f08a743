"""How an actor's name is written in the genitive ("<ACTOR>S ÅTGÄRDER")."""

import pytest

from actors.models import Actor


@pytest.mark.parametrize(
    ("name", "genitive"),
    [
        ("Energikontor Sydost", "Energikontor Sydosts"),
        ("Växjö kommun", "Växjö kommuns"),
        ("Ljungby Energi", "Ljungby Energis"),
        ("Alvesta Buss", "Alvesta Buss"),
        ("Byggfirma Fox", "Byggfirma Fox"),
        ("Glasbruket i Granby AB", "Glasbruket i Granby AB:s"),
        ("IKEA", "IKEA:s"),
        ("SKS", "SKS:s"),
        ("Team X", "Team X:s"),
        ("Kontor 365", "Kontor 365:s"),
        ("Sjöbyns Bygg AB (fiktiv)", "Sjöbyns Bygg AB:s (fiktiv)"),
        ("Föreningen Rena Ån (fiktiv)", "Föreningen Rena Åns (fiktiv)"),
        ("Skogsdala skola (fiktiv)", "Skogsdala skolas (fiktiv)"),
    ],
)
def test_genitive_name(name, genitive):
    assert Actor(name=name).genitive_name == genitive


@pytest.mark.parametrize(
    ("language", "owner"),
    [("sv", "Ljungby Trähus AB:s"), ("en", "Ljungby Trähus AB"), (None, "Ljungby Trähus AB:s")],
)
def test_the_name_as_owner_has_no_swedish_genitive_in_english(language, owner):
    """ "Ljungby Trähus AB:s åtgärder", but "Measures of Ljungby Trähus AB"."""
    from django.utils import translation

    with translation.override(language):
        assert Actor(name="Ljungby Trähus AB").name_as_owner == owner
