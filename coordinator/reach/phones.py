"""Phone numbers that work in links, checked with ``phonenumbers``.

Numbers are stored as the coordinator typed them (a file written before this check, or
holding a number ``phonenumbers`` dislikes, still opens); they are checked when typed or
imported, flagged when shown, shown in the national format and written in E.164 in links.

The region for numbers typed without a ``+`` comes from the ``phone_region`` setting, else
from the group's timezone (``Europe/London`` -> GB, ``America/New_York`` -> US, read from
the zone table that ships with ``tzdata``), else GB.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

from coordinator.model.fields import ValidationError, check_phone

REGION_SETTING = "phone_region"
DEFAULT_REGION = "GB"
_SYSTEM_ZONE_TABLE = Path("/usr/share/zoneinfo")


def _read_table(name: str) -> str:
    """One of the tz database's tables: from the ``tzdata`` package (every platform),
    else the system's copy; empty when neither is there."""
    from importlib import resources

    try:
        return resources.files("tzdata").joinpath("zoneinfo", name).read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        pass
    try:
        return (_SYSTEM_ZONE_TABLE / name).read_text("utf-8")
    except OSError:
        return ""


@functools.cache
def _zone_regions() -> dict[str, str]:
    regions: dict[str, str] = {}
    for line in _read_table("zone.tab").splitlines():
        if line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) >= 3:
            regions.setdefault(parts[2], parts[0])
    return regions


@functools.cache
def _region_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for line in _read_table("iso3166.tab").splitlines():
        if not line.startswith("#") and "\t" in line:
            code, name = line.split("\t", 1)
            names[code] = name.strip()
    return names


def known_region(code: str) -> bool:
    """Is ``code`` a region ``phonenumbers`` knows (GB, US, IE...)?"""
    return code in phonenumbers.SUPPORTED_REGIONS


def region_for_zone(zone: str) -> str:
    """The phone region of a timezone (``Europe/London`` -> ``GB``); GB when unknown."""
    region = _zone_regions().get(zone, "")
    return region if known_region(region) else DEFAULT_REGION


def region_name(code: str) -> str:
    """A region's name for messages: ``GB`` -> "Britain (UK)"."""
    return _region_names().get(code, code)


def phone_region(settings: Mapping[str, Any] | None, timezone: str | None) -> str:
    """The region for numbers without a ``+``: the setting, else the group's timezone."""
    saved = (settings or {}).get(REGION_SETTING)
    if isinstance(saved, str) and known_region(saved.strip().upper()):
        return saved.strip().upper()
    return region_for_zone(timezone or "")


def region_problem(settings: Mapping[str, Any]) -> str | None:
    """What is wrong with a saved phone region (which :func:`phone_region` would quietly
    replace with the timezone's), or None."""
    saved = settings.get(REGION_SETTING)
    if saved is None or (isinstance(saved, str) and known_region(saved.strip().upper())):
        return None
    return (
        f"the phone region ({REGION_SETTING}) should be a two-letter country code such "
        "as GB; the group's timezone is used instead"
    )


def check_region(text: str) -> str:
    """A region code as typed in Settings (``gb`` -> ``GB``), or :class:`ValidationError`."""
    code = text.strip().upper()
    if not known_region(code):
        raise ValidationError(
            "Phone region", "should be a two-letter country code such as GB, IE or US"
        )
    return code


@dataclass(frozen=True, slots=True)
class PhoneCheck:
    """What a typed number is: usable (``e164`` set) or why not (``problem``).

    A number of a possible length for its region that ``phonenumbers`` does not know to
    be in use (the Ofcom drama range 07700 900xxx, a range opened after the library's
    data) is still usable, with a gentle ``warning`` to show beside it: never a refusal."""

    typed: str
    e164: str | None = None
    national: str | None = None
    problem: str | None = None
    warning: str | None = None

    @property
    def usable(self) -> bool:
        return self.e164 is not None

    @property
    def shown(self) -> str:
        """For display: the national format when usable, else as typed."""
        return self.national or self.typed.strip()


_LENGTH_PROBLEMS = {
    ValidationResult.TOO_SHORT: "is too short",
    ValidationResult.TOO_LONG: "is too long",
    ValidationResult.INVALID_LENGTH: "has the wrong number of digits",
    ValidationResult.INVALID_COUNTRY_CODE: "starts with a country code that does not exist",
    ValidationResult.IS_POSSIBLE_LOCAL_ONLY: "is too short (is the area code missing?)",
}


@functools.lru_cache(maxsize=4096)
def check_number(typed: str, region: str) -> PhoneCheck:
    """Check one number as typed; an empty number is simply not usable (no problem)."""
    text = typed.strip()
    if not text:
        return PhoneCheck(typed)
    try:
        check_phone(text)
    except ValidationError as error:
        return PhoneCheck(typed, problem=error.problem)
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException as error:
        if error.error_type == NumberParseException.INVALID_COUNTRY_CODE:
            return PhoneCheck(typed, problem="starts with a country code that does not exist")
        if error.error_type in (
            NumberParseException.TOO_SHORT_NSN,
            NumberParseException.TOO_SHORT_AFTER_IDD,
        ):
            return PhoneCheck(typed, problem="is too short")
        if error.error_type == NumberParseException.TOO_LONG:
            return PhoneCheck(typed, problem="is too long")
        return PhoneCheck(typed, problem="is not a phone number")
    home = number.country_code == phonenumbers.country_code_for_region(region)
    where = region if home else (phonenumbers.region_code_for_number(number) or region)
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason in _LENGTH_PROBLEMS:
        problem = _LENGTH_PROBLEMS[reason]
        if reason in (ValidationResult.TOO_SHORT, ValidationResult.TOO_LONG):
            problem += f" for a {region_name(where)} number"
        return PhoneCheck(typed, problem=problem)
    warning = None
    if not phonenumbers.is_valid_number(number):
        length = _length_problem(number, where)
        if length is not None:
            return PhoneCheck(typed, problem=length)
        warning = MAY_NOT_BE_IN_USE
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    style = PhoneNumberFormat.NATIONAL if home else PhoneNumberFormat.INTERNATIONAL
    # A number phonenumbers does not know is not reformatted (it would drop the 0).
    national = None if warning else phonenumbers.format_number(number, style)
    return PhoneCheck(typed, e164=e164, national=national, warning=warning)


MAY_NOT_BE_IN_USE = "may not be in use: check the digits"


def _length_problem(number: phonenumbers.PhoneNumber, where: str) -> str | None:
    """A number ``phonenumbers`` calls possible but not valid is still refused when its
    length is far from a mobile number of its region (two digits short, ``07911 12``,
    would make a link to nobody); otherwise it is only doubted."""
    example = phonenumbers.example_number_for_type(where, phonenumbers.PhoneNumberType.MOBILE)
    if example is None:
        return None
    digits = len(phonenumbers.national_significant_number(number))
    usual = len(phonenumbers.national_significant_number(example))
    if digits < usual - 1:
        return f"is too short for a {region_name(where)} number"
    if digits > usual:
        return f"is too long for a {region_name(where)} number"
    return None


def validate_phone(typed: str, region: str, label: str = "Phone") -> str:
    """``typed`` (stripped) if it is empty or a usable number, else
    :class:`ValidationError` naming ``label`` and saying why."""
    checked = check_number(typed, region)
    if checked.problem is not None:
        raise ValidationError(label, checked.problem)
    return typed.strip()
