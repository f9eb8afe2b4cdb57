#!/usr/bin/env python3
"""Writes the signature v3 golden files with hashlib/hmac only (spec §3.2)."""
import hashlib, hmac, json, os

HERE = os.path.dirname(os.path.abspath(__file__))
EMPTY = hashlib.sha256(b"").hexdigest()

def case(name, method, host, query, secret, key_id, date, nonce, token=None, request=None):
    headers = [("host", host), ("x-acs-action", "QuerySnapshotJobList"),
               ("x-acs-content-sha256", EMPTY), ("x-acs-date", date),
               ("x-acs-signature-nonce", nonce), ("x-acs-version", "2014-06-18")]
    if token is not None:
        headers = sorted(headers + [("x-acs-security-token", token)])
    names = ";".join(k for k, _ in headers)
    cr = f"{method}\n/\n{query}\n" + "".join(f"{k}:{v}\n" for k, v in headers) + f"\n{names}\n{EMPTY}"
    sts = "ACS3-HMAC-SHA256\n" + hashlib.sha256(cr.encode()).hexdigest()
    sig = hmac.new(secret.encode(), sts.encode(), hashlib.sha256).hexdigest()
    auth = f"ACS3-HMAC-SHA256 Credential={key_id},SignedHeaders={names},Signature={sig}"
    d = os.path.join(HERE, name)
    os.makedirs(d, exist_ok=True)
    for f, t in [("canonical-request.txt", cr), ("string-to-sign.txt", sts),
                 ("signature.txt", sig), ("authorization.txt", auth)]:
        open(os.path.join(d, f), "w").write(t)
    if request is not None:
        # The line `mts sign --scheme v3 --jsonl` reads for this case.
        open(os.path.join(d, "request.json"), "w").write(json.dumps(request) + "\n")

case("spec-3-2", "POST", "mts.cn-shanghai.aliyuncs.com",
     "SnapshotJobIds=72dfa5e679ab4be9a3ed9974c7360001%2C72dfa5e679ab4be9a3ed9974c7360002",
     "testsecret", "testid", "2024-01-01T00:00:00Z", "3e7c2d1f0a9b8c7d6e5f4a3b2c1d0e9f",
     request={"access_key_id": "testid", "access_key_secret": "testsecret", "method": "POST",
              "timestamp": "2024-01-01T00:00:00Z", "nonce": "3e7c2d1f0a9b8c7d6e5f4a3b2c1d0e9f",
              "job_ids": ["72dfa5e679ab4be9a3ed9974c7360001", "72dfa5e679ab4be9a3ed9974c7360002"],
              "host": "mts.cn-shanghai.aliyuncs.com"})

# STS credentials: x-acs-security-token signed too; a GET with the default host and
# two query parameters.
case("sts-get", "GET", "mts.cn-hangzhou.aliyuncs.com",
     "MaximumPageSize=20&SnapshotJobIds=72dfa5e679ab4be9a3ed9974c7360001",
     "stsSecretNotReal", "STS.demo-key-id", "2024-05-06T07:08:09Z",
     "0123456789abcdef0123456789abcdef", token="CAIS-demo-token/+=",
     request={"access_key_id": "STS.demo-key-id", "access_key_secret": "stsSecretNotReal",
              "security_token": "CAIS-demo-token/+=", "method": "GET",
              "timestamp": "2024-05-06T07:08:09Z", "nonce": "0123456789abcdef0123456789abcdef",
              "job_ids": ["72dfa5e679ab4be9a3ed9974c7360001"], "extra": {"MaximumPageSize": 20},
              "unknown_key": "ignored"})
