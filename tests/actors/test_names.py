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
