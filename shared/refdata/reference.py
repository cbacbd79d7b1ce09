"""Reference data: channels, kinds, categories, levels, regions, departments, holidays, kiosks.

Versioned JSON files under ``files/`` (a city may point each service's ``*_REFDATA_DIR`` at its
own),
loaded and validated once at start. A bad file fails start-up with an error naming the file,
the entry (index and code) and the field, so whoever edited it can find the mistake.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from shared.refdata.calendar import WorkCalendar
from shared.refdata.orgtree import OrgTree
from shared.schemas.petition import Channel, Kind, Level

DEFAULT_DIR = Path(__file__).with_name("files")
ALL = "*"  # a department answering for every category


class RefDataError(ValueError):
    """A reference data file is missing, malformed or inconsistent."""


class _Entry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class _File(_Entry):
    version: str = Field(min_length=1, max_length=32)
    note: str | None = None


class ChannelEntry(_Entry):
    code: Channel
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    suggestions_only: bool


class KindEntry(_Entry):
    code: Kind
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    article: int


class LevelEntry(_Entry):
    code: Level
    rank: int = Field(ge=0)
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)


class MinorCategory(_Entry):
    code: str = Field(pattern=r"^\d{4}$")
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)


class MajorCategory(_Entry):
    code: str = Field(pattern=r"^\d{2}$")
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    minors: tuple[MinorCategory, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _minors_under_major(self) -> MajorCategory:
        for m in self.minors:
            if not m.code.startswith(self.code):
                raise ValueError(f"minor {m.code} does not start with its major code {self.code}")
        return self


class Region(_Entry):
    code: str = Field(pattern=r"^\d{6}(\d{3}){0,2}$")
    name_zh: str = Field(min_length=1)
    name_en: str | None = None
    level: Level
    parent: str | None


class Department(_Entry):
    code: str = Field(pattern=r"^[0-9A-Za-z][0-9A-Za-z_.-]{0,63}$")
    name_zh: str = Field(min_length=1)
    name_en: str | None = None
    level: Level
    region: str
    # Major or minor category codes, or "*" for every category.
    categories: tuple[str, ...] = Field(min_length=1)
    # Roots of the region subtrees it answers for.
    regions: tuple[str, ...] = Field(min_length=1)
    petition_office: bool = False
    # The region's own government or party committee (乡镇人民政府, 街道办事处, 党委): an
    # accusation against it is one against the whole region (shared.auth.scope, Art. 30).
    government: bool = False

    def covers_category(self, category_code: str) -> bool:
        return any(c == ALL or category_code.startswith(c) for c in self.categories)


class Holiday(_Entry):
    name_zh: str = Field(min_length=1)
    name_en: str | None = None
    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> Holiday:
        if self.end < self.start:
            raise ValueError("end is before start")
        return self


class HolidayYear(_Entry):
    year: int = Field(ge=2000, le=2100)
    provisional: bool = False
    holidays: tuple[Holiday, ...]
    workdays: tuple[date, ...] = ()

    @model_validator(mode="after")
    def _workdays_are_weekends(self) -> HolidayYear:
        for d in self.workdays:
            if d.weekday() < 5:  # an adjusted working day only makes sense on a weekend
                raise ValueError(f"workday {d} is not a weekend day")
        return self


class Kiosk(_Entry):
    """A touch screen (e点通) in a village service station or a reception hall; what it
    registers is received by ``org``, a department or a region (then its petition office)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")
    name_zh: str = Field(min_length=1)
    org: str = Field(min_length=1)


class ChannelsFile(_File):
    channels: tuple[ChannelEntry, ...]


class KindsFile(_File):
    kinds: tuple[KindEntry, ...]


class LevelsFile(_File):
    levels: tuple[LevelEntry, ...]


class CategoriesFile(_File):
    majors: tuple[MajorCategory, ...] = Field(min_length=1)


class RegionsFile(_File):
    city: str
    regions: tuple[Region, ...] = Field(min_length=1)


class DepartmentsFile(_File):
    departments: tuple[Department, ...] = Field(min_length=1)


class HolidaysFile(_File):
    years: tuple[HolidayYear, ...]


class KiosksFile(_File):
    kiosks: tuple[Kiosk, ...] = ()


F = TypeVar("F", bound=_File)


def _describe(raw: Any, loc: tuple[int | str, ...]) -> str:
    """``majors[3] (code '04').minors[2] (code '0403').name_zh`` from a pydantic location."""
    parts: list[str] = []
    node = raw
    for step in loc:
        if isinstance(step, int) and isinstance(node, list):
            node = node[step] if step < len(node) else None
            code = node.get("code") if isinstance(node, dict) else None
            parts[-1] += f"[{step}]" + (f" (code {code!r})" if code is not None else "")
            continue
        parts.append(str(step))
        node = node.get(step) if isinstance(node, dict) else None
    return ".".join(parts) or "(file)"


def _load_file(directory: Path, name: str, model: type[F]) -> F:
    path = directory / name
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RefDataError(f"{name}: file not found in {directory}") from exc
    except json.JSONDecodeError as exc:
        raise RefDataError(f"{name}: not valid JSON (line {exc.lineno}): {exc.msg}") from exc
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = [f"{name}: {_describe(raw, e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise RefDataError("; ".join(problems)) from exc


def _unique(name: str, what: str, codes: Iterable[str]) -> None:
    seen: set[str] = set()
    for i, code in enumerate(codes):
        if code in seen:
            raise RefDataError(f"{name}: {what}[{i}] (code {code!r}): duplicate code")
        seen.add(code)


class ReferenceData:
    """The validated reference data and the look-ups the domain needs."""

    def __init__(
        self,
        channels: ChannelsFile,
        kinds: KindsFile,
        levels: LevelsFile,
        categories: CategoriesFile,
        regions: RegionsFile,
        departments: DepartmentsFile,
        holidays: HolidaysFile,
        kiosks: KiosksFile | None = None,
    ) -> None:
        kiosks = kiosks or KiosksFile(version="none")
        self._regions_file = regions
        self._departments_file = departments
        self.versions = {
            "channels": channels.version,
            "kinds": kinds.version,
            "levels": levels.version,
            "categories": categories.version,
            "regions": regions.version,
            "departments": departments.version,
            "holidays": holidays.version,
            "kiosks": kiosks.version,
        }
        self.category_tree = categories.majors
        self.channels: Mapping[Channel, ChannelEntry] = {c.code: c for c in channels.channels}
        self.kinds: Mapping[Kind, KindEntry] = {k.code: k for k in kinds.kinds}
        self.levels: Mapping[Level, LevelEntry] = {lv.code: lv for lv in levels.levels}
        self.majors: Mapping[str, MajorCategory] = {m.code: m for m in categories.majors}
        self.minors: Mapping[str, MinorCategory] = {
            n.code: n for m in categories.majors for n in m.minors
        }
        self.city_code = regions.city
        self.regions: Mapping[str, Region] = {r.code: r for r in regions.regions}
        self.departments: Mapping[str, Department] = {d.code: d for d in departments.departments}
        self.holiday_years = holidays.years
        self.kiosks: Mapping[str, Kiosk] = {k.id: k for k in kiosks.kiosks}
        self._kiosks_file = kiosks
        self._check()

    def _check(self) -> None:
        _unique("categories.json", "majors", [m.code for m in self.category_tree])
        self._check_minors_unique()
        self._check_levels()
        self._check_regions()
        self._check_departments()
        self._check_kiosks()

    def _check_minors_unique(self) -> None:
        seen: set[str] = set()
        for i, major in enumerate(self.category_tree):
            for j, minor in enumerate(major.minors):
                if minor.code in seen:
                    raise RefDataError(
                        f"categories.json: majors[{i}] (code {major.code!r})"
                        f".minors[{j}] (code {minor.code!r}): duplicate code"
                    )
                seen.add(minor.code)

    def _check_levels(self) -> None:
        missing = set(Level) - set(self.levels)
        if missing:
            raise RefDataError(f"levels.json: missing levels {sorted(missing)}")
        for name, want in (("channels.json", set(Channel)), ("kinds.json", set(Kind))):
            have = set(self.channels) if name == "channels.json" else set(self.kinds)
            if have != want:
                raise RefDataError(f"{name}: must list exactly {sorted(want)}")

    def _check_regions(self) -> None:
        regions = self._regions_file
        _unique("regions.json", "regions", [r.code for r in regions.regions])
        if self.city_code not in self.regions:
            raise RefDataError(f"regions.json: city {self.city_code!r} is not among the regions")
        for i, r in enumerate(regions.regions):
            where = f"regions.json: regions[{i}] (code {r.code!r})"
            if r.parent is None:
                if r.code != self.city_code:
                    raise RefDataError(f"{where}: parent: only the city may have no parent")
                continue
            parent = self.regions.get(r.parent)
            if parent is None:
                raise RefDataError(f"{where}: parent: unknown region {r.parent!r}")
            if self.rank(parent.level) != self.rank(r.level) + 1:
                raise RefDataError(f"{where}: level: {r.level} cannot sit under a {parent.level}")
            if r.level != Level.COUNTY and not r.code.startswith(r.parent):
                raise RefDataError(f"{where}: code: does not start with its parent's {r.parent}")

    def _check_departments(self) -> None:
        depts = self._departments_file
        _unique("departments.json", "departments", [d.code for d in depts.departments])
        for i, d in enumerate(depts.departments):
            where = f"departments.json: departments[{i}] (code {d.code!r})"
            for field, codes in (("region", (d.region,)), ("regions", d.regions)):
                for code in codes:
                    if code not in self.regions:
                        raise RefDataError(f"{where}: {field}: unknown region {code!r}")
            for c in d.categories:
                if c != ALL and c not in self.majors and c not in self.minors:
                    raise RefDataError(f"{where}: categories: unknown category {c!r}")
            if d.government and d.petition_office:
                raise RefDataError(f"{where}: government: a petition office governs no region")
            if self.regions[d.region].level != d.level:
                raise RefDataError(
                    f"{where}: level: {d.level} but its region is a {self.regions[d.region].level}"
                )

    def _check_kiosks(self) -> None:
        kiosks = self._kiosks_file.kiosks
        _unique("kiosks.json", "kiosks", [k.id for k in kiosks])
        for i, k in enumerate(kiosks):
            if k.org not in self.departments and k.org not in self.regions:
                raise RefDataError(
                    f"kiosks.json: kiosks[{i}] (id {k.id!r}): org: unknown department or "
                    f"region {k.org!r}"
                )

    # -- look-ups -------------------------------------------------------------------------

    def region_name(self, code: str) -> str:
        """The region's Chinese name; the code itself when unknown (a report still reads)."""
        region = self.regions.get(code)
        return region.name_zh if region is not None else code

    def department_name(self, code: str) -> str:
        dept = self.departments.get(code)
        return dept.name_zh if dept is not None else code

    def category_name(self, code: str) -> str:
        """A major or a minor category's Chinese name; the code itself when unknown."""
        entry = self.majors.get(code) or self.minors.get(code)
        return entry.name_zh if entry is not None else code

    def known_category(self, code: str) -> bool:
        return code in self.majors or code in self.minors

    def rank(self, level: Level) -> int:
        return self.levels[level].rank

    def ancestors(self, region_code: str) -> list[str]:
        """The region and every region above it, nearest first."""
        chain: list[str] = []
        code: str | None = region_code
        while code is not None:
            chain.append(code)
            code = self.regions[code].parent
        return chain

    def in_subtree(self, region_code: str, root: str) -> bool:
        return region_code in self.regions and root in self.ancestors(region_code)

    @cached_property
    def governments(self) -> Mapping[str, str]:
        """Government (or party committee) department -> the region it governs."""
        return {d.code: d.region for d in self.departments.values() if d.government}

    @cached_property
    def org_tree(self) -> OrgTree:
        """Regions under their parents, departments under their region, and the governments:
        the one tree every service asks "is this org inside that one"."""
        return OrgTree(
            {code: r.parent for code, r in self.regions.items()},
            {code: d.region for code, d in self.departments.items()},
            self.governments,
        )

    def responsible_level(self, region_code: str) -> Level:
        """The lowest level of government over a matter in this region: a village's matter
        is first the township's (三分一包: by region, by level)."""
        level = self.regions[region_code].level
        return Level.TOWNSHIP if level == Level.VILLAGE else level

    def departments_for(self, category_code: str, region_code: str) -> list[Department]:
        """Departments that answer for this category in this region, lowest level first."""
        found = [
            d
            for d in self.departments.values()
            if not d.petition_office
            and d.covers_category(category_code)
            and any(self.in_subtree(region_code, root) for root in d.regions)
        ]
        return sorted(found, key=lambda d: self.rank(d.level))

    @cached_property
    def _offices_by_root(self) -> Mapping[str, str]:
        return {
            root: d.code
            for d in self.departments.values()
            if d.petition_office
            for root in d.regions
        }

    def petition_office_for(self, region_code: str) -> str:
        """The petition office serving a region: the nearest one above it, else the city's
        (where an online petition is received, and routing's manual queue)."""
        by_root = self._offices_by_root
        chain = self.ancestors(region_code) if region_code in self.regions else []
        for code in [*chain, self.city_code]:
            if code in by_root:
                return by_root[code]
        raise RefDataError(f"departments.json: no petition office serves region {region_code!r}")

    def receiving_org_of_kiosk(self, kiosk_id: str) -> str | None:
        """The department a kiosk's petitions are received by; None for an unknown kiosk."""
        kiosk = self.kiosks.get(kiosk_id)
        if kiosk is None:
            return None
        return kiosk.org if kiosk.org in self.departments else self.petition_office_for(kiosk.org)

    @cached_property
    def calendar(self) -> WorkCalendar:
        holidays: list[date] = []
        for year in self.holiday_years:
            for h in year.holidays:
                holidays.extend(
                    h.start + timedelta(days=i) for i in range((h.end - h.start).days + 1)
                )
        workdays = [d for year in self.holiday_years for d in year.workdays]
        return WorkCalendar.of(holidays, workdays)


def load_refdata(directory: Path | None = None) -> ReferenceData:
    """Load and check every file; raise ``RefDataError`` naming the first bad entry."""
    d = directory or DEFAULT_DIR
    return ReferenceData(
        channels=_load_file(d, "channels.json", ChannelsFile),
        kinds=_load_file(d, "kinds.json", KindsFile),
        levels=_load_file(d, "levels.json", LevelsFile),
        categories=_load_file(d, "categories.json", CategoriesFile),
        regions=_load_file(d, "regions.json", RegionsFile),
        departments=_load_file(d, "departments.json", DepartmentsFile),
        holidays=_load_file(d, "holidays.json", HolidaysFile),
        kiosks=_load_file(d, "kiosks.json", KiosksFile),
    )
