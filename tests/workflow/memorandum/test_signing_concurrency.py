"""The last two signatures arrive at the same moment: the memorandum is completed once."""

from __future__ import annotations

import threading

from sqlalchemy import delete, select, update

from tests.factories import make_world, sister
from workflow.db import make_sessionmaker
from workflow.errors import StaleVersion
from workflow.introduction.contacts import set_contact
from workflow.lifecycle.loading import load_partnership
from workflow.memorandum import signing
from workflow.models import (
    ContactPerson,
    HistoryEntry,
    MemorandumVersion,
    Organisation,
    OutboxMessage,
    Partnership,
    Party,
    Programme,
    SignatureEvent,
    SignatureRequest,
    User,
)


def _tokens(Session, pid):
    """Send for signature and capture each party's token from its mail."""
    with Session() as s:
        w_coordinator = s.scalars(select(User).where(User.email == "coordinator@example.org")).one()
        signing.send_for_signature(s, w_coordinator, pid, base_url="http://x")
        rows = s.scalars(
            select(OutboxMessage).where(OutboxMessage.body.contains("http://x/sign/"))
        ).all()
        return [r.body.split("http://x/sign/")[1].split()[0] for r in rows]


def test_two_last_signatures_at_once_complete_the_memorandum_once(engine, monkeypatch, tmp_path):
    Session = make_sessionmaker(engine)
    with Session() as s:
        w = make_world(s)
        p = sister(s, w)
        pid = p.id
        s.execute(
            update(Partnership)
            .where(Partnership.id == pid)
            .values(status="memorandum", memorandum_version=1)
        )
        s.commit()
        for party in load_partnership(s, pid, w.coordinator).parties:
            set_contact(
                s,
                w.coordinator,
                pid,
                party.id,
                name="Signatory",
                role="Director",
                email=f"sig{party.id}@example.org",
                signatory_name="Signatory",
            )
    try:
        tokens = _tokens(Session, pid)
        assert len(tokens) == 2
        with Session() as s:
            for token in tokens:
                signing.send_code(s, token, make_code=lambda: "123456")
        barrier = threading.Barrier(2)
        real_lock = signing.lock_partnership

        def lock_after_both_arrived(session, partnership_id):
            try:
                barrier.wait(timeout=1)
            except threading.BrokenBarrierError:
                pass
            return real_lock(session, partnership_id)

        monkeypatch.setattr(signing, "lock_partnership", lock_after_both_arrived)
        completions: list[bool] = []

        def signer(token: str) -> None:
            for _ in range(5):  # a write that lost SQLite's race is tried again
                with Session() as s:
                    try:
                        completions.append(
                            signing.sign(
                                s,
                                token,
                                code="123456",
                                intent=True,
                                signer_name="Signatory",
                                seal=lambda pdf: pdf,
                            )
                        )
                        return
                    except StaleVersion:
                        continue

        threads = [threading.Thread(target=signer, args=(t,)) for t in tokens]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert sorted(completions) == [False, True]
        with Session() as s:
            kinds = s.scalars(
                select(SignatureEvent.kind).where(SignatureEvent.partnership_id == pid)
            ).all()
            assert kinds.count("sealed") == 1 and kinds.count("signed") == 2
            assert signing.chain_is_intact(signing.audit_log(s, pid))
    finally:
        with Session() as s:  # this test commits for real: clean up after it
            party_ids = s.scalars(select(Party.id).where(Party.partnership_id == pid)).all()
            s.execute(delete(SignatureEvent).where(SignatureEvent.partnership_id == pid))
            s.execute(delete(SignatureRequest).where(SignatureRequest.party_id.in_(party_ids)))
            s.execute(delete(MemorandumVersion).where(MemorandumVersion.partnership_id == pid))
            s.execute(delete(OutboxMessage).where(OutboxMessage.to.like("%@example.org")))
            s.execute(delete(ContactPerson).where(ContactPerson.party_id.in_(party_ids)))
            s.execute(delete(HistoryEntry).where(HistoryEntry.partnership_id == pid))
            s.execute(delete(Party).where(Party.partnership_id == pid))
            s.execute(delete(Partnership).where(Partnership.id == pid))
            s.execute(delete(User).where(User.email.like("%@example.org")))
            s.execute(
                delete(Organisation).where(
                    Organisation.id.in_([w.odesa.id, w.liverpool.id, w.krakow.id])
                )
            )
            s.execute(delete(Programme).where(Programme.id == w.programme.id))
            s.commit()
