"""The factor model shipped as a file: ``model/default.json``, the city's default until an
admin points ``INDEX_MODEL_FILE`` at another."""

from __future__ import annotations

from pathlib import Path

from services.index.domain.model import Model

DEFAULT_FILE = Path(__file__).parents[1] / "model" / "default.json"


def load_model(path: Path = DEFAULT_FILE) -> Model:
    return Model.model_validate_json(path.read_text(encoding="utf-8"))
