"""E-mail, phone, links and postal address from contact lines, and the address guard (DESIGN §3)."""

import phonenumbers
import pytest

from prefill.parser.contact import find_address, find_email, find_emails, find_links, find_phone
from prefill.parser.document import Line, Span


def lines_of(*texts: str, page: int = 1) -> list[Line]:
    return [Line(spans=[Span(text)], page=page) for text in texts]


# --- e-mail ------------------------------------------------------------------------------------


def test_email_comes_whole_from_a_mailto_link_whose_text_wraps_over_two_lines():
    target = "mailto:Jane.Doe@example.org"
    lines = [
        Line(spans=[Span("E-mail: "), Span("jane.doe@exam", link=target)], page=2),
        Line(spans=[Span("ple.org", link=target)], page=2),
    ]
    email = find_email(lines)
    assert email is not None
    assert email.value == "jane.doe@example.org"
    assert email.source.page == 2
    assert [e.value for e in find_emails(lines)] == ["jane.doe@example.org"]


def test_printed_email_is_lower_cased_without_trailing_punctuation_and_snippet_as_printed():
    email = find_email(lines_of("Contact: JANE.DOE@EXAMPLE.COM."))
    assert email is not None
    assert email.value == "jane.doe@example.com"
    assert email.source.text == "JANE.DOE@EXAMPLE.COM"


def test_emails_are_distinct_and_in_document_order():
    lines = lines_of("a.b@one.org · c@two.net", "A.B@ONE.ORG")
    assert [e.value for e in find_emails(lines)] == ["a.b@one.org", "c@two.net"]


def test_no_email_gives_none():
    assert find_email(lines_of("Jane Doe", "Geneva, Switzerland")) is None


# --- phone -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hints", "e164"),
    [
        ("079 318 52 46", ["CH"], "+41793185246"),
        ("Tél. : 079 318 52 46", ["CH", "FR"], "+41793185246"),
        ("Tél. : 079 318 52 46", ["FR", "CH"], "+33793185246"),  # the first hinted region wins
        ("0733 216590", ["KE"], "+254733216590"),
        ("Tel. 91 123 45 67", ["ES"], "+34911234567"),
        ("Móvil: 55 3310 2746", ["MX"], "+525533102746"),
        ("Celular 315 2290461", ["CO"], "+573152290461"),
        ("+41 (0)79 318 52 46", [], "+41793185246"),
        ("0041 79 318 52 46", [], "+41793185246"),
        ("M: +44 20 7946 0958", ["US"], "+442079460958"),
        ("03/2020 – 06/2021 · +41 79 318 52 46", [], "+41793185246"),
        ("2019 – 2021 | Phone 079 318 52 46", ["CH"], "+41793185246"),
        ("Kenya", ["Kenya"], None),
    ],
)
def test_phone_is_read_in_e164_using_region_hints(text, hints, e164):
    phone = find_phone(lines_of(text), region_hints=hints)
    assert (phone.value if phone else None) == e164


@pytest.mark.parametrize(
    ("text", "hints"),
    [
        ("079 318 52 46", []),
        ("2019 – 2021", ["CH"]),
        ("2019-2021", ["US"]),
        ("03/2020 – 06/2021", ["US"]),
        ("12.03.2019", ["DE"]),
        ("75011 Paris", ["FR"]),
        ("+1 (987) 654 321", ["US"]),
        ("123-456-7890", ["US"]),
        ("GPA 3.85/4.0", ["US"]),
        ("Passport No. 079 318 52 46", ["CH"]),
        ("Fax: 022 338 91 11", ["CH"]),
    ],
)
def test_years_dates_postal_codes_ids_and_invalid_numbers_are_no_phone(text, hints):
    assert find_phone(lines_of(text), region_hints=hints) is None


def test_labelled_or_international_phone_is_more_certain_than_a_bare_national_one():
    bare = find_phone(lines_of("022 338 91 11"), region_hints=["CH"])
    labelled = find_phone(lines_of("Tel: 022 338 91 11"), region_hints=["CH"])
    assert bare is not None and labelled is not None
    assert labelled.confidence > bare.confidence


def test_phone_snippet_is_the_printed_part_of_the_line():
    phone = find_phone(lines_of("jane@example.org · Tel. +41 22 338 91 11 · Geneva"))
    assert phone is not None
    assert phone.source.text == "Tel. +41 22 338 91 11"


def test_phone_comes_from_a_tel_link_target():
    lines = [Line(spans=[Span("Call me", link="tel:+41223389111")])]
    phone = find_phone(lines)
    assert phone is not None
    assert phone.value == "+41223389111"
    assert phone.source.text == "Call me"


# --- links -------------------------------------------------------------------------------------


def test_links_come_from_text_and_targets_normalised_distinct_in_order():
    lines = [
        Line(
            spans=[
                Span("linkedin.com/in/jane-doe · github.com/jdoe · "),
                Span("Portfolio", link="https://jane.dev/"),
            ]
        ),
        Line(spans=[Span("www.jane.dev — https://example.org/talks), jane@site.com")]),
        Line(
            spans=[
                Span("Write to me", link="mailto:jane@site.com"),
                Span(" or call", link="tel:+41223389111"),
            ]
        ),
    ]
    assert [f.value for f in find_links(lines)] == [
        "https://linkedin.com/in/jane-doe",
        "https://github.com/jdoe",
        "https://jane.dev/",
        "https://example.org/talks",
    ]


def test_plain_domain_names_in_prose_are_no_links():
    assert find_links(lines_of("Built a shop on shopify and node.js", "Skills: ASP.NET, Vue.js")) == []


def test_a_wrapped_linked_url_gives_the_full_target_once():
    target = "https://www.linkedin.com/in/jane-doe-123456/"
    lines = [
        Line(spans=[Span("linkedin.com/in/jane-doe-", link=target)]),
        Line(spans=[Span("123456", link=target)]),
    ]
    assert [f.value for f in find_links(lines)] == [target]


# --- address -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "8 rue des Acacias, 75011 Paris",
            {"street": "8 rue des Acacias", "postal_code": "75011", "city": "Paris"},
        ),
        (
            "8, rue des Acacias, 75011 Paris, France",
            {"street": "8, rue des Acacias", "postal_code": "75011", "city": "Paris", "country": "FR"},
        ),
        (
            "Rue du Rhône 42, CH-1204 Genève",
            {"street": "Rue du Rhône 42", "postal_code": "1204", "city": "Genève", "country": "CH"},
        ),
        (
            "Chemin des Crêts 7, 1201 Genève, Suisse",
            {"street": "Chemin des Crêts 7", "postal_code": "1201", "city": "Genève", "country": "CH"},
        ),
        (
            "Calle Mayor, 5, 3.º B, 28013 Madrid, España",
            {"street": "Calle Mayor, 5, 3.º B", "postal_code": "28013", "city": "Madrid", "country": "ES"},
        ),
        (
            "Av. Revolución 845, Col. San Ángel, 01000 Ciudad de México",
            {
                "street": "Av. Revolución 845, Col. San Ángel",
                "postal_code": "01000",
                "city": "Ciudad de México",
            },
        ),
        (
            "Calle 45 # 12-30, Bogotá, Colombia",
            {"street": "Calle 45 # 12-30", "city": "Bogotá", "country": "CO"},
        ),
        (
            "221B Baker Street, London NW1 6XE, UK",
            {"street": "221B Baker Street", "postal_code": "NW1 6XE", "city": "London", "country": "GB"},
        ),
        (
            "1600 Amphitheatre Parkway, Mountain View, CA 94043, USA",
            {
                "street": "1600 Amphitheatre Parkway",
                "postal_code": "94043",
                "city": "Mountain View",
                "region": "CA",
                "country": "US",
            },
        ),
        (
            "P.O. Box 12345-00100 Nairobi, Kenya",
            {"street": "P.O. Box 12345", "postal_code": "00100", "city": "Nairobi", "country": "KE"},
        ),
        (
            "Bahnhofstrasse 12, 8001 Zürich",
            {"street": "Bahnhofstrasse 12", "postal_code": "8001", "city": "Zürich"},
        ),
        (
            "Address: Via Roma 10, 00184 Roma, Italia",
            {"street": "Via Roma 10", "postal_code": "00184", "city": "Roma", "country": "IT"},
        ),
        ("Paris, France", {"city": "Paris", "country": "FR"}),
        ("Nairobi, Kenya", {"city": "Nairobi", "country": "KE"}),
        ("Genève, Suisse", {"city": "Genève", "country": "CH"}),
        ("San Francisco, CA", {"city": "San Francisco", "region": "CA"}),
        ("NYC, NY", {"city": "NYC", "region": "NY"}),
        ("Lyon - France", {"city": "Lyon", "country": "FR"}),
        ("San Francisco Bay Area", {"city": "San Francisco Bay Area"}),
    ],
)
def test_address_is_split_into_parts_in_each_country_form(text, expected):
    result = find_address(lines_of(text))
    assert result is not None and result.field is not None
    assert result.field.value.model_dump(exclude_none=True) == expected
    assert result.warnings == []
    assert result.field.source.text in text


def test_flat_and_street_name_before_a_post_office_box_stay_in_the_street():
    result = find_address(lines_of("Flat 3, Garden Court, P.O. Box 4410-00200, Nairobi, Kenya"))
    assert result is not None and result.field is not None
    assert result.field.value.model_dump(exclude_none=True) == {
        "street": "Flat 3, Garden Court, P.O. Box 4410",
        "postal_code": "00200",
        "city": "Nairobi",
        "country": "KE",
    }


def test_a_00_group_inside_an_international_number_is_not_read_as_a_dialling_prefix():
    phone = find_phone(
        lines_of("8 rue des Acacias, 75011 Paris, France · +33 1 99 00 58 14"), region_hints=["FR"]
    )
    assert phone is not None
    assert phone.value == "+33199005814"


def test_address_spanning_lines_is_joined_and_its_lines_reported():
    lines = lines_of("Jane Doe", "8 rue des Acacias", "75011 Paris", "France", "jane@example.org")
    result = find_address(lines)
    assert result is not None and result.field is not None
    assert result.field.value.model_dump(exclude_none=True) == {
        "street": "8 rue des Acacias",
        "postal_code": "75011",
        "city": "Paris",
        "country": "FR",
    }
    assert result.line_indexes == {1, 2, 3}
    assert result.region_hint == "FR"


def test_address_country_is_never_inferred_from_a_phone():
    result = find_address(lines_of("Genève · +41 22 338 91 11", "1201 Genève"))
    assert result is not None and result.field is not None
    assert result.field.value.country is None


@pytest.mark.parametrize(
    ("text", "hints", "expected", "code"),
    [
        (
            "8 rue des Acacias, 75011 Paris · +33 1 99 00 58 14",
            [],
            {"street": "8 rue des Acacias", "postal_code": "75011", "city": "Paris"},
            "phone_in_address",
        ),
        (
            "Calle Mayor 5, 28013 Madrid – Tel. 91 123 45 67",
            [],
            {"street": "Calle Mayor 5", "postal_code": "28013", "city": "Madrid"},
            "phone_in_address",
        ),
        (
            "Av. Reforma 222, Col. Juárez, 06600 Ciudad de México, Tel. 55 3310 2746",
            ["MX"],
            {"street": "Av. Reforma 222, Col. Juárez", "postal_code": "06600", "city": "Ciudad de México"},
            "phone_in_address",
        ),
        (
            "Calle 45 # 12-30, Bogotá 315 2290461",
            [],
            {"street": "Calle 45 # 12-30", "city": "Bogotá"},
            "phone_in_address",
        ),
        (
            "P.O. Box 12345-00100 Nairobi | 0733 216590",
            ["KE"],
            {"street": "P.O. Box 12345", "postal_code": "00100", "city": "Nairobi"},
            "phone_in_address",
        ),
        (
            "Lausanne, Switzerland | jane@example.org",
            [],
            {"city": "Lausanne", "country": "CH"},
            "email_in_address",
        ),
        ("Paris, France · linkedin.com/in/jane", [], {"city": "Paris", "country": "FR"}, "url_in_address"),
    ],
)
def test_a_line_mixing_address_and_contact_items_gives_the_address_alone_and_a_warning(
    text, hints, expected, code
):
    result = find_address(lines_of(text), region_hints=hints)
    assert result is not None and result.field is not None
    assert result.field.value.model_dump(exclude_none=True) == expected
    assert [w.code for w in result.warnings] == [code]
    warning = result.warnings[0]
    assert warning.path == "personal.address"
    assert not any(word in warning.message for word in text.split() if len(word) > 3)


def test_pieces_of_one_address_separated_like_contact_items_are_joined():
    line = "Chemin du Lac 9 | 1260 Nyon | Switzerland | +41 22 361 47 80 | ana.keller@example.net"
    result = find_address(lines_of(line))
    assert result is not None and result.field is not None
    assert result.field.value.model_dump(exclude_none=True) == {
        "street": "Chemin du Lac 9",
        "postal_code": "1260",
        "city": "Nyon",
        "country": "CH",
    }
    assert result.field.source.text == "Chemin du Lac 9 | 1260 Nyon | Switzerland"
    assert [w.code for w in result.warnings] == ["email_in_address", "phone_in_address"]


def test_a_footer_line_gives_street_postal_code_and_city_before_its_phone_and_email():
    line = "18 place Bellecour · 69002 Lyon · Tél. : +33 4 65 71 90 12 · E-mail : l.roux@example.org"
    result = find_address(lines_of(line))
    assert result is not None and result.field is not None
    assert result.field.value.model_dump(exclude_none=True) == {
        "street": "18 place Bellecour",
        "postal_code": "69002",
        "city": "Lyon",
    }
    assert result.field.source.text == "18 place Bellecour · 69002 Lyon"


def test_pieces_of_an_address_are_not_joined_across_a_phone_printed_between_them():
    result = find_address(lines_of("Chemin du Lac 9 · +41 22 361 47 80 · 1260 Nyon"))
    assert result is not None and result.field is not None
    assert result.field.value.model_dump(exclude_none=True) == {"street": "Chemin du Lac 9"}
    assert result.field.source.text == "Chemin du Lac 9"


def test_an_address_in_a_table_cell_continues_in_the_same_column_of_the_following_lines():
    lines = lines_of(
        "Marc Aubry\tRue de la Gare 3",
        "Nationalité : française\t2000 Neuchâtel",
        "Né le 2 mars 1990\tSuisse",
        "Tél. : 032 725 18 44",
    )
    result = find_address(lines, region_hints=["CH"])
    assert result is not None and result.field is not None
    assert result.field.value.model_dump(exclude_none=True) == {
        "street": "Rue de la Gare 3",
        "postal_code": "2000",
        "city": "Neuchâtel",
        "country": "CH",
    }
    assert result.field.source.text == "Rue de la Gare 3\n2000 Neuchâtel\nSuisse"
    assert result.line_indexes == {0, 1, 2}


def test_a_table_address_stops_where_its_column_ends():
    lines = lines_of("Marc Aubry\tRue de la Gare 3", "2000 Neuchâtel")
    result = find_address(lines)
    assert result is not None and result.field is not None
    assert result.field.value.model_dump(exclude_none=True) == {"street": "Rue de la Gare 3"}


def test_a_numbered_name_and_named_parts_before_a_town_are_the_street_when_a_country_follows():
    lines = lines_of("Lot 112, Quartier Mermoz, Thiès – Tél. : +221 76 210 44 93", "Sénégal")
    result = find_address(lines)
    assert result is not None and result.field is not None
    assert result.field.value.model_dump(exclude_none=True) == {
        "street": "Lot 112, Quartier Mermoz",
        "city": "Thiès",
        "country": "SN",
    }
    assert [w.code for w in result.warnings] == ["phone_in_address"]


@pytest.mark.parametrize(
    "lines",
    [
        ["Lot 112, Quartier Mermoz, Thiès"],
        ["Python 3, Django, Flask", "Docker, Kubernetes"],
        ["Lot 112, Thiès", "Sénégal"],
    ],
)
def test_a_numbered_name_without_a_country_or_named_parts_is_no_street(lines):
    result = find_address(lines_of(*lines))
    assert result is None or result.field is None or result.field.value.street is None


@pytest.mark.parametrize(
    "street",
    [
        "14 Lavender Mews",
        "3 Orchard Gardens",
        "88 Cedar Grove",
        "5 Weavers Row",
        "9 Kingfisher Walk",
        "21 Primrose Hill",
        "40 Elm Park",
        "6 Ashdown Place",
        "12 Bellevue Square",
        "7 Harbour Terrace",
        "19 Moorland Crescent",
        "2 Abbey Court",
        "33 Priory Gate",
        "11 Tanners Yard",
        "4 Canal Wharf",
        "27 Marine Parade",
        "8 Beacon Rise",
        "16 Valley View",
        "1 Church Green",
    ],
)
def test_english_street_words_after_the_name_make_a_street(street):
    result = find_address(lines_of(street, "Bristol BS1 4DJ", "United Kingdom"))
    assert result is not None and result.field is not None
    assert result.field.value.model_dump(exclude_none=True) == {
        "street": street,
        "postal_code": "BS1 4DJ",
        "city": "Bristol",
        "country": "GB",
    }


def test_a_country_line_naming_a_nation_of_the_country_first_gives_the_country():
    result = find_address(lines_of("4 Craigleith Row", "Aberdeen AB10 6RN", "Scotland, United Kingdom"))
    assert result is not None and result.field is not None
    assert result.field.value.country == "GB"
    assert result.line_indexes == {0, 1, 2}


def test_a_place_before_the_country_under_a_city_is_the_region():
    result = find_address(lines_of("15 Orchard Way", "Ashford TN23 1AA", "Kent, United Kingdom"))
    assert result is not None and result.field is not None
    assert result.field.value.model_dump(exclude_none=True) == {
        "street": "15 Orchard Way",
        "postal_code": "TN23 1AA",
        "city": "Ashford",
        "region": "Kent",
        "country": "GB",
    }


@pytest.mark.parametrize(
    "text",
    [
        "Curriculum vitae",
        "Jane Doe",
        "Senior Data Scientist",
        "Software Engineer, Google",
        "2019 Present",
        "2015 – 2019 Master of Science",
        "Languages: French, English, Spanish",
        "Nationality: Swiss",
        "Led a team of 5 engineers on the Place de la Gare 12 renovation project for the city council",
        "C++ 11, Python 3",
        "jane@example.org",
        "+41 22 338 91 11",
    ],
)
def test_headings_titles_names_and_sentences_are_no_address(text):
    assert find_address(lines_of(text)) is None


CONTACT_LINES = [
    "8 rue des Acacias, 75011 Paris · +33 1 99 00 58 14",
    "Calle Mayor 5, 28013 Madrid – Tel. 91 123 45 67",
    "Av. Reforma 222, Col. Juárez, 06600 Ciudad de México, Tel. 55 3310 2746",
    "Calle 45 # 12-30, Bogotá 315 2290461",
    "Calle 45 # 12-30, Bogotá, Colombia · Cel. (+57) 315 229 0461",
    "P.O. Box 12345-00100 Nairobi · 0733 216590",
    "Nairobi, Kenya | +254 733 216 590 | jane@example.org",
    "Rue du Rhône 42, 1204 Genève 079 318 52 46",
    "Chemin des Crêts 7, CH-1201 Genève, Tél. +41 22 338 91 11",
    "Genève, Suisse • 0041 79 318 52 46 • www.jane.dev",
    "221B Baker Street, London NW1 6XE · 020 7946 0958",
    "London SW1A 1AA | +44 20 7946 0958",
    "1600 Amphitheatre Parkway, Mountain View, CA 94043 (650) 253-0000",
    "San Francisco, CA | (415) 555-0132 | linkedin.com/in/jane",
    "NYC, NY — 212-555-0187",
    "Paris, France 06 12 34 56 78",
    "Lyon - France - 04 78 12 34 56",
    "Bahnhofstrasse 12, 8001 Zürich, +41 44 123 45 67",
    "Via Roma 10, 00184 Roma, Italia tel. 06 1234 5678",
    "Address: 8 rue des Acacias 75011 Paris Mobile: 06 12 34 56 78",
    "Adresse : 5 avenue Foch, 69006 Lyon ; Tél : 04.78.12.34.56",
    "Dirección: Calle Mayor, 5, 3.º B, 28013 Madrid; Móvil: 612 345 678",
    "Calle 100 # 15-20, Apto 301, Bogotá D.C. - Tel: 601 234 5678",
    "Jl. Sudirman 5, Jakarta 10220, Indonesia | +62 21 555 0123",
    "Geneva, Switzerland\t+41 22 338 91 11\tjane.doe@example.org",
    "Madrid, España · 612 34 56 78 · https://jane.es",
    "Ciudad de México, México | 55 3310 2746",
    "Bogotá, Colombia | 315 2290461",
    "Dakar, Sénégal | +221 77 123 45 67",
    "Abidjan, Côte d'Ivoire | +225 07 07 12 34 56",
    "Casablanca, Maroc · +212 6 12 34 56 78",
    "Toronto, ON M5V 2T6 | 416-555-0199",
    "Berlin, Deutschland | 030 1234567",
    "Chemin du Lac 9 | 1260 Nyon | Switzerland | +41 22 361 47 80 | ana.keller@example.net",
    "18 place Bellecour · 69002 Lyon · Tél. : +33 4 65 71 90 12 · E-mail : l.roux@example.org",
    "Tél. : 032 725 18 44\tRue de la Gare 3, 2000 Neuchâtel",
    "Lot 112, Quartier Mermoz, Thiès, Sénégal – Tél. : +221 76 210 44 93",
    "12 Elm Park · London W1 2AB · 020 7946 0112 · www.jdoe.dev",
]


@pytest.mark.parametrize("text", CONTACT_LINES)
def test_no_address_value_holds_a_phone_an_email_or_a_url(text):
    result = find_address(lines_of(text), region_hints=["FR", "CH", "ES", "MX", "CO", "KE"])
    assert result is not None and result.field is not None
    values = [v for v in result.field.value.model_dump().values() if v]
    joined = ", ".join(values)
    for region in ("CH", "FR", "ES", "MX", "CO", "GB", "US", "KE", "DE", "IT", "ID", "CA", "SN", "MA", "CI"):
        assert not list(phonenumbers.PhoneNumberMatcher(joined, region, leniency=phonenumbers.Leniency.VALID))
    assert "@" not in joined and "http" not in joined and "www." not in joined


def test_an_australian_suburb_line_gives_city_state_and_postcode():
    address = find_address(lines_of("Unit 2, 14 Banksia Parade", "Fitzroy VIC 3065", "Australia")).field.value
    assert (address.city, address.region, address.postal_code, address.country) == (
        "Fitzroy",
        "VIC",
        "3065",
        "AU",
    )


def test_a_seven_digit_postal_code_before_the_city_is_read():
    address = find_address(lines_of("Calle Los Aromos 455", "8320000 Santiago, Chile")).field.value
    assert (address.postal_code, address.city, address.country) == ("8320000", "Santiago", "CL")
