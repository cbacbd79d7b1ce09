"""Routing's reasons for the manual queue, written in English and read in Chinese with the
codes named from the packaged reference data; anything routing did not write comes back as
it is."""

from __future__ import annotations

import pytest

from services.routing.domain import reasons
from shared.refdata import ReferenceData, load_refdata


@pytest.fixture(scope="module")
def refs() -> ReferenceData:
    return load_refdata()


def test_no_rule_names_the_category_region_level_and_left_out(refs: ReferenceData) -> None:
    plain = reasons.no_rule("1801", "320831", None, ())
    assert plain == "no rule places category 1801 in region 320831"
    zh = reasons.in_chinese(plain, refs)
    assert zh == f"没有分派规则负责金湖县的“{refs.category_name('1801')}”类问题，请人工分派。"
    full = reasons.no_rule("0101", "320831", "county", ["320831-ZJJ", "320831003-GOV"])
    assert full.endswith("at county level or above outside 320831-ZJJ, 320831003-GOV")
    zh = reasons.in_chinese(full, refs) or ""
    assert "（已在县区级及以上查找）" in zh
    assert "且不能交给金湖县住房和城乡建设局、" in zh and "320831" not in zh


def test_a_refused_assignment_and_an_escalation(refs: ReferenceData) -> None:
    why = reasons.refused("320831-WJW", "department: 320831-WJW does not answer")
    zh = reasons.in_chinese(why, refs) or ""
    assert zh.startswith("自动交办给金湖县卫生健康委员会未成功（department:")
    assert reasons.in_chinese(reasons.escalated(2, "township"), refs) == (
        "已在乡镇级被退回 2 次，转到更高一级查找承办单位。"
    )


@pytest.mark.parametrize("given", [None, "", "属地管理", "rule dept.x; specificity ..."])
def test_other_words_come_back_as_they_are(refs: ReferenceData, given: str | None) -> None:
    assert reasons.in_chinese(given, refs) == given
