"""Signed test files, made here: a certificate authority and a signing certificate built with
``cryptography`` (C2PA wants a leaf issued by a CA, with digitalSignature key usage and an
extended key usage it accepts: emailProtection here), and manifests made with c2pa-python's
``Builder``. Nothing is downloaded; every key is made for the test and thrown away with it.

``python -m tests.c2pa_fixtures FOLDER`` writes a chain the same way (``resources/demo`` holds
the demo's, made so and marked as a test credential).
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"


@dataclass(frozen=True)
class Chain:
    cert: Path  # the signing certificate, then the CA (what a signer is configured with)
    key: Path  # the signing certificate's private key
    ca: Path  # the root alone (what a trust list holds)


def _name(common: str, org: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, org)])


def make_chain(folder: Path, *, org: str = "Creditline TEST", signer: str = "Creditline TEST signer",
               years: int = 5) -> Chain:
    """A root CA and an ES256 signing certificate it issued, as PEM files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    end = start + dt.timedelta(days=365 * years)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name(f"{org} Root CA", org)
    usage = dict(content_commitment=False, key_encipherment=False, data_encipherment=False, key_agreement=False,
                 encipher_only=False, decipher_only=False)
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(start).not_valid_after(end)
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, **usage),
                         critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (x509.CertificateBuilder().subject_name(_name(signer, org)).issuer_name(ca_name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=False, crl_sign=False, **usage),
                           critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    chain = Chain(folder / "signer-chain.pem", folder / "signer-key.pem", folder / "ca.pem")
    chain.cert.write_bytes(leaf.public_bytes(pem) + ca.public_bytes(pem))
    chain.key.write_bytes(key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    chain.ca.write_bytes(ca.public_bytes(pem))
    return chain


def sign(data: bytes, chain: Chain, *, mime: str = "image/jpeg", source_type: str = "digitalCapture",
         generator: str = "TestWire", title: str = "photo.jpg") -> bytes:
    """``data`` with a manifest: one ``c2pa.created`` action declaring ``source_type``."""
    import c2pa  # noqa: PLC0415

    manifest = {
        "claim_generator_info": [{"name": generator, "version": "1.0"}],
        "title": title,
        "assertions": [{"label": "c2pa.actions.v2", "data": {"actions": [
            {"action": "c2pa.created", "digitalSourceType": IPTC + source_type}]}}],
    }
    info = c2pa.C2paSignerInfo(alg="es256", sign_cert=chain.cert.read_bytes(), private_key=chain.key.read_bytes(),
                               ta_url=None)
    settings = {"verify": {"remote_manifest_fetch": False}, "builder": {"thumbnail": {"enabled": False}}}
    with c2pa.Context.from_dict(settings) as ctx, c2pa.Signer.from_info(info) as signer, \
            c2pa.Builder(manifest, ctx) as builder:
        out = io.BytesIO()
        builder.sign(signer, mime, io.BytesIO(data), out)
    return out.getvalue()


def tamper(data: bytes) -> bytes:
    """One byte of the JPEG's compressed image data flipped (the middle of the scan)."""
    sos = data.rindex(b"\xff\xda")
    at = sos + (len(data) - sos) // 2
    if data[at] in (0xFF, 0x00):
        at += 1
    b = bytearray(data)
    b[at] ^= 0x01
    return bytes(b)


if __name__ == "__main__":
    made = make_chain(Path(sys.argv[1]), org="Creditline DEMO (test credential, not for production)",
                      signer="Creditline DEMO signer - test credential", years=10)
    print(f"wrote {made.cert}, {made.key}, {made.ca}")
