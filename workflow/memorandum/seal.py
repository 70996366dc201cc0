"""The platform's seal: a PAdES signature over a finished memorandum, made with pyHanko.

The key and its self-signed certificate are created in the instance folder on
first use (``seal/key.pem``, ``seal/cert.pem``), unless ``SEAL_PKCS12`` names
a PKCS#12 file (its password in ``SEAL_PKCS12_PASSWORD``). The seal is added
as an incremental update, so the sealed file begins with the bytes it seals.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

SEAL_FIELD = "PlatformSeal"
SEAL_NAME = "Sister Libraries"
#: Bytes reserved for the CMS signature (a self-signed 2048-bit key needs ~2 KB).
SIGNATURE_ROOM = 16384


def _create_key(folder: Path) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    folder.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{SEAL_NAME} seal")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    key_path = folder / "key.pem"
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def load_signer(instance_path: str | Path, environ: Mapping[str, str] | None = None) -> Any:
    """The pyHanko signer: the configured PKCS#12, or the instance's own key."""
    from pyhanko.sign import signers

    env = os.environ if environ is None else environ
    pkcs12 = (env.get("SEAL_PKCS12") or "").strip()
    if pkcs12:
        password = env.get("SEAL_PKCS12_PASSWORD")
        return signers.SimpleSigner.load_pkcs12(
            pkcs12, passphrase=password.encode() if password else None
        )
    folder = Path(instance_path) / "seal"
    if not (folder / "cert.pem").exists():
        try:
            _create_key(folder)
        except FileExistsError:
            pass  # another worker made it first
    return signers.SimpleSigner.load(str(folder / "key.pem"), str(folder / "cert.pem"))


def off_loop(function: Callable[[], T]) -> T:
    """Run ``function`` in a thread of its own: pyHanko's synchronous API calls
    ``asyncio.run``, which refuses to run where an event loop already runs."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function).result()


def seal_pdf(pdf: bytes, signer: Any) -> bytes:
    """``pdf`` with the platform's PAdES seal added as an incremental update."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    meta = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD,
        name=SEAL_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )

    def sign(reserved: int | None) -> Any:
        writer = IncrementalPdfFileWriter(BytesIO(pdf))
        # Room reserved for the signature spares pyHanko a trial signing to
        # measure it; a configured certificate chain too long for it is
        # measured after all.
        extra: dict[str, Any] = {"bytes_reserved": reserved} if reserved else {}
        return signers.sign_pdf(writer, meta, signer=signer, **extra)

    try:
        out = off_loop(lambda: sign(SIGNATURE_ROOM))
    except Exception:  # noqa: BLE001 - pyHanko's error for too little room varies
        out = off_loop(lambda: sign(None))
    return bytes(out.getvalue())


def seal_in(folder: str | Path) -> Callable[[bytes], bytes]:
    """A function that seals a PDF with the key of ``folder`` (or ``SEAL_PKCS12``)."""

    def seal(pdf: bytes) -> bytes:
        return seal_pdf(pdf, load_signer(folder))

    return seal


_CONTENTS = re.compile(rb"/Contents\s*<([0-9A-Fa-f\s]{200,})>")


def signature_digests(pdf: bytes) -> list[str]:
    """SHA-256 of each CMS signature found in ``pdf``, trailing padding removed.

    A copy changed after sealing (a byte flipped, an edit appended, the file
    saved again) still carries the seal's signature: this finds it.
    """
    found = []
    for match in _CONTENTS.finditer(pdf):
        raw = re.sub(rb"\s", b"", match.group(1)).lower()
        while raw.endswith(b"00"):
            raw = raw[:-2]
        found.append(hashlib.sha256(raw).hexdigest())
    return found
