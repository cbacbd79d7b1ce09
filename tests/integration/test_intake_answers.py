"""Intake's answers are what its OpenAPI document says (services/intake/api/answers.py): real
answers, on a petition driven through registration, assignment, acceptance and a reply with a
document, validate against the documented models, which forbid any field they do not name.
A view that grows a field fails here until the document has it, and the typed web clients
(web/src/api/schema/intake.ts, generated from the document) with it."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from services.intake.api.answers import (
    CommandAnswer,
    EarlierPetitions,
    PetitionDetail,
    PetitionEvents,
    PetitionPage,
)
from tests.support.intake_api import (
    ADMIN,
    DEPT,
    HANDLER,
    OFFICE,
    REGISTRAR,
    act,
    intake_client,
    register,
    registration,
)


def valid(model: type[BaseModel], body: Any) -> BaseModel:
    return model.model_validate(body)


def test_every_answer_fits_its_documented_model(db_url: str) -> None:
    with intake_client(db_url) as client:
        made = register(client)
        pid = made["id"]
        valid(CommandAnswer, made)
        steps = [
            ("assign", {"department": DEPT, "reason": "属地管理"}, OFFICE),
            ("accept", {"handler": "u-handler"}, HANDLER),
            (
                "reply",
                {"reply_text": "已协调发放。", "document_ref": "金住建复〔2026〕1号"},
                HANDLER,
            ),
            ("case-owner", {"owner_user_id": "u-leader", "owner_name": "李副县长"}, OFFICE),
        ]
        for version, (path, body, who) in enumerate(steps, start=1):
            r = act(client, pid, path, body, who, version)
            assert r.status_code == 200, r.text
            answer = valid(CommandAnswer, r.json())
        assert isinstance(answer, CommandAnswer)

        # Whoever may see everything (the admin), and a handler: the same model fits both.
        for who in (ADMIN, HANDLER):
            got = client.get(f"/api/v1/petitions/{pid}", headers=who)
            assert got.status_code == 200
            detail = valid(PetitionDetail, got.json())
            assert isinstance(detail, PetitionDetail)
            assert detail.status == "replied" and [h.type for h in detail.history][-2] == (
                "petition.replied"
            )
            # The page names the case owner (包案领导), not their user id.
            assert (detail.case_owner, detail.case_owner_name) == ("u-leader", "李副县长")
        events = valid(
            PetitionEvents, client.get(f"/api/v1/petitions/{pid}/events", headers=ADMIN).json()
        )
        assert isinstance(events, PetitionEvents) and len(events.events) == 5

        page = valid(PetitionPage, client.get("/api/v1/petitions", headers=ADMIN).json())
        assert isinstance(page, PetitionPage) and [i.id for i in page.items] == [pid]

        person = registration()["petitioner"]
        query = {"id_number": person["id_number"], "category_code": registration()["category_code"]}
        r = client.post("/api/v1/petitions/earlier", json=query, headers=REGISTRAR)
        assert r.status_code == 200, r.text
        earlier = valid(EarlierPetitions, r.json())
        assert isinstance(earlier, EarlierPetitions) and [i.id for i in earlier.items] == [pid]


def test_a_field_the_document_does_not_name_is_refused() -> None:
    # The guard this file relies on: the models forbid what they do not name.
    body = {
        "id": "p",
        "tracking_code": None,
        "status": "registered",
        "kind": "claim",
        "channel": "letter",
        "category_code": "0101",
        "region_code": "320831",
        "receiving_org": "320831-XFJ",
        "department": None,
        "received_on": "2026-03-02",
        "current_due": None,
        "version": 1,
        "overdue": False,
    }
    valid(CommandAnswer, body)
    try:
        valid(CommandAnswer, body | {"undocumented": 1})
    except ValueError as e:
        assert "undocumented" in str(e)
    else:
        raise AssertionError("an undocumented field was accepted")
