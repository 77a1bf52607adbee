"""Country names, nationality adjectives and phone regions as ISO 3166-1 alpha-2 codes."""

import pytest

from prefill.parser.geo import country_code, nationality_code, phone_region


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Switzerland", "CH"),
        ("Suisse", "CH"),
        ("Schweiz", "CH"),
        ("Svizzera", "CH"),
        ("Deutschland", "DE"),
        ("Allemagne", "DE"),
        ("España", "ES"),
        ("Espagne", "ES"),
        ("México", "MX"),
        ("Mexique", "MX"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("Côte d'Ivoire", "CI"),
        ("Sénégal", "SN"),
        ("Kenya", "KE"),
        ("Kenia", "KE"),
        ("Colombia", "CO"),
        ("USA", "US"),
        ("U.S.A.", "US"),
        ("United States", "US"),
        ("États-Unis", "US"),
        ("Estados Unidos", "US"),
        ("EE. UU.", "US"),
        ("UK", "GB"),
        ("U.K.", "GB"),
        ("Great Britain", "GB"),
        ("England", "GB"),
        ("Scotland", "GB"),
        ("Royaume-Uni", "GB"),
        ("Reino Unido", "GB"),
        ("Holland", "NL"),
        ("the Netherlands", "NL"),
        ("Pays-Bas", "NL"),
        ("Bolivia", "BO"),
        ("Russian Federation", "RU"),
        ("Corée du Sud", "KR"),
        ("  suisse  ", "CH"),
        ("COLOMBIA", "CO"),
        ("FRA", "FR"),
        ("CHE", "CH"),
    ],
)
def test_country_code_reads_names_in_english_french_spanish_and_local_forms(text, code):
    assert country_code(text) == code


@pytest.mark.parametrize("text", ["CA", "CH", "FR", "fra", "us", "Paris", "Curriculum vitae", "", "Engineer"])
def test_country_code_refuses_two_letter_codes_lower_case_codes_and_other_words(text):
    assert country_code(text) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("français", "FR"),
        ("française", "FR"),
        ("Françaises", "FR"),
        ("suisse", "CH"),
        ("sénégalaise", "SN"),
        ("colombienne", "CO"),
        ("espagnole", "ES"),
        ("britannique", "GB"),
        ("kényane", "KE"),
        ("mexicaine", "MX"),
        ("italienne", "IT"),
        ("allemande", "DE"),
        ("belge", "BE"),
        ("canadienne", "CA"),
        ("américaine", "US"),
        ("marocain", "MA"),
        ("ivoirienne", "CI"),
        ("español", "ES"),
        ("española", "ES"),
        ("mexicano", "MX"),
        ("colombiana", "CO"),
        ("francés", "FR"),
        ("francesa", "FR"),
        ("suizo", "CH"),
        ("británica", "GB"),
        ("estadounidense", "US"),
        ("argentino", "AR"),
        ("peruana", "PE"),
        ("chileno", "CL"),
        ("venezolana", "VE"),
        ("keniano", "KE"),
        ("senegalés", "SN"),
        ("senegalesa", "SN"),
        ("alemana", "DE"),
        ("British", "GB"),
        ("French", "FR"),
        ("Swiss", "CH"),
        ("Kenyan", "KE"),
        ("Senegalese", "SN"),
        ("Dutch", "NL"),
        ("Argentinian", "AR"),
        ("Argentine", "AR"),
        ("Ghanaian", "GH"),
        ("Turkish", "TR"),
        ("Kenya", "KE"),
        ("Suisse", "CH"),
        ("Swiss citizen", "CH"),
        ("de nationalité française", "FR"),
    ],
)
def test_nationality_code_reads_adjectives_in_three_languages_and_country_names(text, code):
    assert nationality_code(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Swiss / French", "CH"),
        ("French, Swiss", "FR"),
        ("française et suisse", "FR"),
        ("española y mexicana", "ES"),
    ],
)
def test_nationality_code_takes_the_first_of_several_nationalities(text, code):
    assert nationality_code(text) == code


@pytest.mark.parametrize("text", ["", "Engineer", "Curriculum vitae", "2019"])
def test_nationality_code_gives_none_for_words_that_are_no_nationality(text):
    assert nationality_code(text) is None


@pytest.mark.parametrize(
    ("country", "region"),
    [("CH", "CH"), ("ke", "KE"), ("Kenya", "KE"), ("Suisse", "CH"), (None, None), ("Atlantis", None)],
)
def test_phone_region_accepts_codes_and_names(country, region):
    assert phone_region(country) == region
