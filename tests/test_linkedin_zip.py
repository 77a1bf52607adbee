"""The LinkedIn data-export importer: every layout era and quirk, and refusal of hostile archives."""

import codecs
import csv
import hashlib
import io
import json
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from prefill.models.draft import DraftProfile, Source
from prefill.parser import PARSER_VERSION, errors
from prefill.parser.linkedin.zip_export import build_draft_from_export, looks_like_linkedin_export
from prefill.pipelines.scoring import draft_to_values, score_document

ROOT = Path(__file__).resolve().parent.parent
ZIP_CASES = sorted((ROOT / "fixtures" / "linkedin" / "zip").glob("*/export.zip"))
HOSTILE = ROOT / "fixtures" / "linkedin" / "zip-bad"
HOSTILE_CODES: dict[str, str | None] = json.loads((HOSTILE / "expected_errors.json").read_text("utf-8"))

MIN_FIELD_ACCURACY = 0.99
"""Issue 3: the ZIP fixtures of every era parse at this micro-F1 or better."""

MEMORY_BOUND_BYTES = 64 * 1024 * 1024
"""Peak Python allocation (tracemalloc) allowed while parsing any hostile archive."""

FAIL_FAST_SECONDS = 0.5
"""An archive over the member limit is refused in less than this (it is never listed)."""

PROFILE_2023 = (
    "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,"
    "Geo Location,Twitter Handles,Websites,Instant Messengers\n"
)
POSITIONS = "Company Name,Title,Description,Location,Started On,Finished On\n"


def _zip(files: dict[str, str | bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return out.getvalue()


def _source(data: bytes) -> Source:
    digest = hashlib.sha256(data).hexdigest()
    return Source(kind="linkedin_zip", filename="export.zip", sha256=digest, pages=1, language=None)


def _parse(files: dict[str, str | bytes]) -> DraftProfile:
    data = _zip(files)
    return build_draft_from_export(data, source=_source(data), parser_version=PARSER_VERSION)


def _profile(**cells: str) -> str:
    """A 2023 Profile.csv with the given cells (keys are header names with `_` for spaces)."""
    header = PROFILE_2023.strip().split(",")
    row = [cells.get(name.replace(" ", "_"), "") for name in header]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(row)
    return PROFILE_2023 + out.getvalue()


def _warning_codes(draft: DraftProfile) -> list[str]:
    return [warning.code for warning in draft.warnings]


# --- fixtures ----------------------------------------------------------------------------------


def test_fixture_generation_is_deterministic(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "fixtures" / "linkedin_zip.py"), "--out", str(tmp_path)], check=True
    )
    for folder in ("zip", "zip-bad"):
        committed = ROOT / "fixtures" / "linkedin" / folder
        regenerated = tmp_path / "linkedin" / folder
        names = sorted(p.relative_to(committed) for p in committed.rglob("*") if p.is_file())
        assert names == sorted(p.relative_to(regenerated) for p in regenerated.rglob("*") if p.is_file())
        for name in names:
            assert (committed / name).read_bytes() == (regenerated / name).read_bytes(), name


@pytest.mark.parametrize("path", ZIP_CASES, ids=lambda p: p.parent.name)
def test_each_era_and_quirk_fixture_parses_at_the_target_accuracy(path: Path) -> None:
    data = path.read_bytes()
    draft = build_draft_from_export(data, source=_source(data), parser_version=PARSER_VERSION)
    score = score_document(
        json.loads((path.parent / "expected.json").read_text("utf-8")), draft_to_values(draft)
    )
    assert score.overall.f1 >= MIN_FIELD_ACCURACY, score.errors


def test_every_layout_era_has_a_fixture() -> None:
    assert {p.parent.name.split("-")[1] for p in ZIP_CASES if p.parent.name.startswith("era-")} >= {
        "2018",
        "2023",
        "2024",
    }


# --- detection and source ----------------------------------------------------------------------


def test_an_export_is_recognised_by_its_csv_names_anywhere_in_the_archive() -> None:
    assert looks_like_linkedin_export(_zip({"My export/Skills.csv": "Name\nSQL\n"}))
    assert looks_like_linkedin_export(_zip({"EMAIL_ADDRESSES.CSV": "Email Address\n"}))
    assert not looks_like_linkedin_export(_zip({"data/table.csv": "a,b\n", "notes.txt": "x"}))
    assert not looks_like_linkedin_export(b"not a zip at all")


def test_a_zip_without_linkedin_csv_is_an_unsupported_format() -> None:
    with pytest.raises(errors.UnsupportedFormat):
        _parse({"data/table.csv": "a,b\n1,2\n"})


def test_the_source_is_a_one_page_linkedin_zip_in_the_profile_language() -> None:
    summary = (
        "Je dirige les achats de la société depuis cinq ans et je pilote une équipe de quatre personnes."
    )
    draft = _parse({"Profile.csv": _profile(First_Name="Léa", Summary=summary)})
    assert (draft.source.kind, draft.source.pages, draft.source.language) == ("linkedin_zip", 1, "fr")


def test_profile_summary_csv_is_not_mistaken_for_profile_csv() -> None:
    draft = _parse(
        {"Profile Summary.csv": "Profile Summary\nA summary.\n", "Profile.csv": _profile(First_Name="Ada")}
    )
    assert draft.personal.first_name.value == "Ada"


def test_a_file_present_twice_uses_the_copy_nearest_the_root_and_warns() -> None:
    draft = _parse({"old/Skills.csv": "Name\nCOBOL\n", "Skills.csv": "Name\nSQL\n"})
    assert [s.value for s in draft.skills] == ["SQL"]
    assert "duplicate_file" in _warning_codes(draft)


# --- personal ----------------------------------------------------------------------------------


def test_the_primary_email_is_taken_not_the_first_row() -> None:
    emails = (
        "Email Address,Confirmed,Primary,Updated On\n"
        'old@example.com,Yes,No,"3/9/23, 4:05 PM"\n'
        'Main.Address@example.org,Yes,Yes,"3/9/23, 4:05 PM"\n'
    )
    email = _parse({"Email Addresses.csv": emails}).personal.email
    assert (email.value, email.source.text) == ("main.address@example.org", "Main.Address@example.org")


def test_a_national_phone_is_read_with_the_geo_location_country() -> None:
    draft = _parse(
        {
            "Profile.csv": _profile(Geo_Location="Lyon, Auvergne-Rhône-Alpes, France"),
            "PhoneNumbers.csv": "Extension,Number,Type\n,04 65 71 23 48,Mobile\n",
        }
    )
    assert draft.personal.phone.value == "+33465712348"
    assert draft.personal.phone.source.text == "04 65 71 23 48"


def test_the_phone_comes_from_the_whatsapp_file_when_the_phone_file_has_only_empty_rows() -> None:
    draft = _parse(
        {
            "PhoneNumbers.csv": "Extension,Number,Type\n,,\n,,\n",
            "Whatsapp Phone Numbers.csv": "Number,Extension,Is_WhatsApp_Number\n+34 612 34 56 78,,true\n",
        }
    )
    assert draft.personal.phone.value == "+34612345678"


def test_the_2018_phone_file_wins_over_the_whatsapp_file() -> None:
    draft = _parse(
        {
            "Phone Numbers.csv": "Extension,Number,Type\n, +44 161 496 0427,Home\n",
            "Whatsapp Phone Numbers.csv": "Number,Extension,Is_WhatsApp_Number\n+34 612 34 56 78,,true\n",
        }
    )
    assert draft.personal.phone.value == "+441614960427"


def test_an_invalid_phone_is_left_out_with_a_warning() -> None:
    draft = _parse({"PhoneNumbers.csv": "Extension,Number,Type\n,+1 (234) 567 890,Mobile\n"})
    assert draft.personal.phone is None
    assert "phone_invalid" in _warning_codes(draft)


@pytest.mark.parametrize(
    ("websites", "twitter"),
    [
        ("[PERSONAL:https://a.example.org,PORTFOLIO:https://example.com/b?x=1]", "[handle_one,handle2]"),
        ("PERSONAL:https://a.example.org, PORTFOLIO:https://example.com/b?x=1", "handle_one, handle2"),
    ],
    ids=["2023-brackets", "2018-bare"],
)
def test_websites_and_twitter_handles_become_links_in_both_syntaxes(websites: str, twitter: str) -> None:
    draft = _parse({"Profile.csv": _profile(Websites=websites, Twitter_Handles=twitter)})
    assert [link.value for link in draft.personal.links] == [
        "https://a.example.org",
        "https://example.com/b?x=1",
        "https://twitter.com/handle_one",
        "https://twitter.com/handle2",
    ]


def test_a_birth_date_without_year_gives_no_date_of_birth_and_a_warning() -> None:
    draft = _parse({"Profile.csv": _profile(Birth_Date="Jun 9")})
    assert draft.personal.date_of_birth is None
    assert "birth_year_hidden" in _warning_codes(draft)


def test_a_full_birth_date_is_read() -> None:
    draft = _parse({"Profile.csv": _profile(Birth_Date="Mar 5, 1990")})
    assert (draft.personal.date_of_birth.value, draft.personal.date_of_birth.source.text) == (
        "1990-03-05",
        "Mar 5, 1990",
    )


@pytest.mark.parametrize(
    ("geo", "city", "region", "country"),
    [
        ("Lyon, Auvergne-Rhône-Alpes, France", "Lyon", "Auvergne-Rhône-Alpes", "FR"),
        ("Nairobi, Kenya", "Nairobi", None, "KE"),
        ("Greater Seattle Area", "Greater Seattle Area", None, None),
    ],
)
def test_geo_location_gives_city_region_and_country(
    geo: str, city: str, region: str | None, country: str | None
) -> None:
    address = _parse({"Profile.csv": _profile(Geo_Location=geo)}).personal.address.value
    assert (address.city, address.region, address.country) == (city, region, country)


# --- experience, education, certifications, languages, skills -----------------------------------


def test_an_empty_finished_on_is_a_current_job() -> None:
    job = _parse({"Positions.csv": POSITIONS + "Acme,Clerk,,,Mar 2021,\n"}).experience[0]
    assert (job.start.value, job.end, job.current) == ("2021-03", None, True)


def test_present_in_finished_on_is_a_current_job() -> None:
    job = _parse({"Positions.csv": POSITIONS + "Acme,Clerk,,,Mar 2021,Present\n"}).experience[0]
    assert (job.end, job.current) == (None, True)


def test_dates_keep_their_precision() -> None:
    job = _parse({"Positions.csv": POSITIONS + "Acme,Clerk,,,2015,Sep 2019\n"}).experience[0]
    assert (job.start.value, job.end.value, job.current) == ("2015", "2019-09", False)


def test_html_entities_in_text_are_decoded_and_the_snippet_is_the_cell() -> None:
    job = _parse({"Positions.csv": POSITIONS + "Dupont &amp; Fils,Buyer,L&rsquo;équipe,,2020,\n"}).experience[
        0
    ]
    assert (job.employer.value, job.employer.source.text) == ("Dupont & Fils", "Dupont &amp; Fils")
    assert job.description.value == "L’équipe"


def test_a_multi_line_quoted_field_stays_one_cell() -> None:
    draft = _parse(
        {"Positions.csv": POSITIONS + 'Acme,Clerk,"Line one, with a comma\nLine two",Paris,2020,2021\n'}
    )
    assert draft.experience[0].description.value == "Line one, with a comma\nLine two"
    assert draft.experience[0].location.value == "Paris"


def test_empty_rows_are_skipped() -> None:
    draft = _parse({"Positions.csv": POSITIONS + ",,,,,\n\nAcme,Clerk,,,2020,2021\n,,,,,\n"})
    assert [job.employer.value for job in draft.experience] == ["Acme"]


def test_hand_edited_files_with_spaces_before_quotes_and_crlf_are_read() -> None:
    positions = POSITIONS.replace("\n", "\r\n") + 'Acme, "Clerk, senior", "", "", "Mar 2021", "Present"'
    job = _parse({"Positions.csv": positions}).experience[0]
    assert (job.title.value, job.start.value, job.current) == ("Clerk, senior", "2021-03", True)


def test_a_notes_preamble_before_the_header_is_skipped() -> None:
    preamble = 'Notes:\n"Some explanation, with commas, over one paragraph."\n\n'
    draft = _parse({"Positions.csv": preamble + POSITIONS + "Acme,Clerk,,,2020,2021\n"})
    assert [job.title.value for job in draft.experience] == ["Clerk"]


def test_a_file_without_a_recognisable_header_is_skipped_with_a_warning() -> None:
    draft = _parse({"Positions.csv": "Acme,Clerk,2020\n", "Skills.csv": "Name\nSQL\n"})
    assert draft.experience == []
    assert "csv_header_missing" in _warning_codes(draft)


def test_education_reads_2018_and_2023_date_headers_and_rows_without_school() -> None:
    draft = _parse(
        {
            "Education.csv": "School Name,Start Date,End Date,Notes,Degree Name,Activities\n"
            "University of Leeds,2008,2012,,Bachelor of Science - BSc,\n"
            ",Sep 2016,Jun 2017,,Diploma,\n"
        }
    )
    first, second = draft.education
    assert (first.institution.value, first.degree.value, first.start.value, first.end.value) == (
        "University of Leeds",
        "Bachelor of Science - BSc",
        "2008",
        "2012",
    )
    assert (second.institution, second.degree.value, second.start.value) == (None, "Diploma", "2016-09")


def test_certifications_take_name_authority_and_issue_date_with_an_empty_url() -> None:
    certifications = (
        "Name,Url,Authority,Started On,Finished On,License Number\n"
        "Professional Scrum Master I,,Scrum.org,2022,,PSM-1\n"
    )
    cert = _parse({"Certifications.csv": certifications}).certifications[0]
    assert (cert.name.value, cert.issuer.value, cert.date.value) == (
        "Professional Scrum Master I",
        "Scrum.org",
        "2022",
    )


@pytest.mark.parametrize(
    ("proficiency", "level"),
    [
        ("Native or bilingual proficiency", "native"),
        ("Full professional proficiency", "C1"),
        ("Professional working proficiency", "B2"),
        ("Limited working proficiency", "B1"),
        ("Elementary proficiency", "A2"),
        ("NATIVE_OR_BILINGUAL", "native"),
        ("", None),
    ],
)
def test_proficiency_labels_map_to_levels(proficiency: str, level: str | None) -> None:
    entry = _parse({"Languages.csv": f"Name,Proficiency\nFrançais,{proficiency}\n"}).languages[0]
    assert entry.language.value == "fr"
    assert (entry.level.value if entry.level else None) == level


def test_an_unknown_language_is_left_out_with_a_warning() -> None:
    draft = _parse({"Languages.csv": "Name,Proficiency\nKlingonese,Elementary proficiency\n"})
    assert draft.languages == []
    assert "language_unknown" in _warning_codes(draft)


# --- encodings and delimiters ------------------------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    ],
    ids=["utf-16le", "utf-16be", "utf-8-bom"],
)
def test_utf16_and_bom_files_tab_or_comma_are_read(encode) -> None:
    draft = _parse(
        {
            "Skills.csv": encode('"Name"\r\n"Gestión"\r\n"Négociation"\r\n'),
            "Languages.csv": encode(
                '"Name"\t"Proficiency"\r\n"Español"\t"Native or bilingual proficiency"\r\n'
            ),
        }
    )
    assert [s.value for s in draft.skills] == ["Gestión", "Négociation"]
    assert (draft.languages[0].language.value, draft.languages[0].level.value) == ("es", "native")


def test_utf16_activity_files_of_a_2018_export_do_no_harm() -> None:
    logins = codecs.BOM_UTF16_LE + '"Login Date"\t"IP Address"\r\n"2018/05/01 08:00:00 UTC"\t"x"\r\n'.encode(
        "utf-16-le"
    )
    draft = _parse({"Logins.csv": logins, "Skills.csv": "Name\nSQL\n"})
    assert [s.value for s in draft.skills] == ["SQL"]


def test_a_windows_1252_file_is_read_with_a_warning() -> None:
    draft = _parse({"Profile.csv": _profile(First_Name="Aurélien", Last_Name="Mégevand").encode("cp1252")})
    assert (draft.personal.first_name.value, draft.personal.last_name.value) == ("Aurélien", "Mégevand")
    assert "csv_encoding_fallback" in _warning_codes(draft)


def test_bytes_that_are_no_text_in_any_encoding_give_csv_not_text() -> None:
    data = (HOSTILE / "non-utf8-bytes.zip").read_bytes()
    with pytest.raises(errors.CsvNotText) as raised:
        build_draft_from_export(data, source=_source(data), parser_version=PARSER_VERSION)
    assert raised.value.code == "csv_not_text"


# --- hostile archives --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(HOSTILE_CODES))
def test_each_hostile_archive_gives_its_code_within_the_memory_bound(name: str) -> None:
    data = (HOSTILE / name).read_bytes()
    tracemalloc.start()
    try:
        build_draft_from_export(data, source=_source(data), parser_version=PARSER_VERSION)
        code = None
    except errors.ParseError as error:
        code = error.code
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert code == HOSTILE_CODES[name]
    assert peak < MEMORY_BOUND_BYTES


def test_the_hostile_set_covers_the_issue_list() -> None:
    codes = set(HOSTILE_CODES.values())
    assert {
        "zip_unsafe",
        "zip_too_many_members",
        "zip_too_large",
        "zip_nested",
        "csv_field_too_large",
    } <= codes


def test_an_archive_over_the_member_limit_fails_fast() -> None:
    data = (HOSTILE / "many-members.zip").read_bytes()
    started = time.perf_counter()
    with pytest.raises(errors.ZipTooManyMembers):
        build_draft_from_export(data, source=_source(data), parser_version=PARSER_VERSION)
    assert time.perf_counter() - started < FAIL_FAST_SECONDS


def test_the_field_limit_holds_even_when_the_csv_module_limit_was_raised() -> None:
    previous = csv.field_size_limit(sys.maxsize)
    try:
        with pytest.raises(errors.CsvFieldTooLarge):
            _parse({"Positions.csv": POSITIONS + 'Acme,Clerk,"' + "x" * 200_000 + '",,2020,\n'})
    finally:
        csv.field_size_limit(previous)


def test_safety_refusals_are_zip_unsafe_errors_with_stable_codes() -> None:
    refused = [errors.ZipTooManyMembers, errors.ZipTooLarge, errors.ZipMemberTooLarge, errors.ZipNested]
    assert all(issubclass(error, errors.ZipUnsafe) for error in refused)
    assert len({error.code for error in refused}) == len(refused)
