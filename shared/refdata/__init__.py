"""Reference data every service shares: channels, kinds, levels, categories, regions,
departments, holidays, the kiosks and the working-day calendar, and the one org tree over them.

The packaged files are the demo city's (``files/``); a city points ``<SERVICE>_REFDATA_DIR``
at its own folder of the same files.
"""

from shared.refdata.calendar import WorkCalendar
from shared.refdata.orgtree import OrgTree
from shared.refdata.reference import (
    ALL,
    DEFAULT_DIR,
    Department,
    Kiosk,
    MajorCategory,
    MinorCategory,
    RefDataError,
    ReferenceData,
    Region,
    load_refdata,
)

__all__ = [
    "ALL",
    "DEFAULT_DIR",
    "Department",
    "Kiosk",
    "MajorCategory",
    "MinorCategory",
    "OrgTree",
    "RefDataError",
    "ReferenceData",
    "Region",
    "WorkCalendar",
    "load_refdata",
]
