"""The archive: every stored PDF and the signing audit logs, written to a folder.

``export(session, folder, partnership_id=None)`` writes, under
``folder/<partnership id>/``, each stored document, each frozen memorandum
(kind ``memorandum_frozen``), each sealed memorandum (kind
``memorandum_signed``) and the signing audit log (``audit_log.json``), and a
``folder/manifest.json`` listing for each file the partnership, the kind, the
version, the SHA-256 and the file name (relative to ``folder``).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from workflow.memorandum.audit import audit_log, chain_is_intact
from workflow.memorandum.completion import SIGNED_KIND
from workflow.models import MemorandumVersion, StoredDocument

FROZEN_KIND = "memorandum_frozen"


def _write(root: Path, pid: int, name: str, data: bytes) -> str:
    folder = root / str(pid)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return f"{pid}/{name}"


def export(
    session: Session, folder: str | Path, partnership_id: int | None = None
) -> list[dict[str, Any]]:
    """Write the archive; return the manifest's entries."""
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    entries: list[dict[str, Any]] = []

    def add(pid: int, kind: str, version: int | None, name: str, data: bytes) -> None:
        entries.append(
            {
                "partnership": pid,
                "kind": kind,
                "version": version,
                "sha256": hashlib.sha256(data).hexdigest(),
                "file": _write(root, pid, name, data),
            }
        )

    documents = select(StoredDocument).options(undefer(StoredDocument.pdf))
    versions = select(MemorandumVersion).options(
        undefer(MemorandumVersion.pdf), undefer(MemorandumVersion.sealed_pdf)
    )
    if partnership_id is not None:
        documents = documents.where(StoredDocument.partnership_id == partnership_id)
        versions = versions.where(MemorandumVersion.partnership_id == partnership_id)
    for d in session.scalars(documents.order_by(StoredDocument.id)):
        add(d.partnership_id, d.kind, d.partnership_version, f"{d.kind}-{d.id}.pdf", d.pdf)
    pids: set[int] = set()
    for m in session.scalars(versions.order_by(MemorandumVersion.id)):
        pids.add(m.partnership_id)
        add(m.partnership_id, FROZEN_KIND, m.version, f"memorandum-v{m.version}.pdf", m.pdf)
        if m.sealed_pdf is not None:
            add(
                m.partnership_id,
                SIGNED_KIND,
                m.version,
                f"memorandum-v{m.version}-signed.pdf",
                m.sealed_pdf,
            )
    for pid in sorted(pids):
        events = audit_log(session, pid)
        log = {
            "partnership": pid,
            "chain_intact": chain_is_intact(events),
            "events": [
                {
                    "id": e.id,
                    "memorandum": e.memorandum_id,
                    "request": e.request_id,
                    "kind": e.kind,
                    "at": e.at,
                    "ip": e.ip,
                    "user_agent": e.user_agent,
                    "detail": e.detail,
                    "prev_hash": e.prev_hash,
                    "hash": e.hash,
                }
                for e in events
            ],
        }
        data = json.dumps(log, ensure_ascii=False, indent=2).encode()
        add(pid, "audit_log", None, "audit_log.json", data)
    (root / "manifest.json").write_text(
        json.dumps({"files": entries}, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return entries
