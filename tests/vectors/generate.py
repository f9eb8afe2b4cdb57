#!/usr/bin/env python3
"""Writes the golden files of each case from its request.json, independently of the
Rust code (Python's urllib.parse.quote with safe='~' is RFC 3986 encoding).

For the published vectors it refuses to write anything unless the signature equals the
published value, so these files cannot drift from the outside world.

Usage: python3 tests/vectors/generate.py
"""
import base64, hashlib, hmac, json, os
from urllib.parse import quote

HERE = os.path.dirname(os.path.abspath(__file__))

# Signatures published elsewhere: the Alibaba Cloud RPC V2 signature page, the MTS
# spec §3.1 (PyClassic and Tea v1 parameter sets), lvillis/aliyun-sdk-rust's unit test.
PUBLISHED = {
    "describe-regions-doc": "OLeaidS1JvxuMvnyHOwuJ+uX5qY=",
    "qsjl-pyclassic": "zQ/2gRS3LEB3oF2Epqlol/KFUU8=",
    "qsjl-tea-v1": "923DGHjcU7HEUUUkJiB++BlYn5Y=",
    "lvillis-describe-regions": "D93NxUhhlH206jRKH5QQOSAUcT4=",
}

def enc(s):
    return quote(s, safe="~")

def params_of(req):
    p = {
        "AccessKeyId": req["access_key_id"],
        "Action": req.get("action", "QuerySnapshotJobList"),
        "Version": req.get("version", "2014-06-18"),
        "Format": req["format"],
        "SignatureMethod": "HMAC-SHA1",
        "SignatureVersion": "1.0",
        "SignatureNonce": req["nonce"],
        "Timestamp": req["timestamp"],
    }
    if req.get("region_id") is not None:
        p["RegionId"] = req["region_id"]
    if req.get("security_token") is not None:
        p["SecurityToken"] = req["security_token"]
    if req.get("job_ids"):
        p["SnapshotJobIds"] = ",".join(req["job_ids"])
    for k, v in (req.get("extra") or {}).items():
        assert k not in p, k
        p[k] = v if isinstance(v, str) else json.dumps(v)
    return p

for case in sorted(os.listdir(HERE)):
    folder = os.path.join(HERE, case)
    if not os.path.isdir(folder):
        continue
    with open(os.path.join(folder, "request.json")) as f:
        req = json.loads(f.read())
    p = params_of(req)
    canonical = "&".join(f"{enc(k)}={enc(v)}" for k, v in sorted(p.items(), key=lambda kv: kv[0].encode()))
    sts = f"{req['method']}&%2F&{enc(canonical)}"
    key = (req["access_key_secret"] + "&").encode()
    sig = base64.b64encode(hmac.new(key, sts.encode(), hashlib.sha1).digest()).decode()
    if case in PUBLISHED and sig != PUBLISHED[case]:
        raise SystemExit(f"{case}: computed {sig}, published {PUBLISHED[case]}")
    signed_query = f"{canonical}&Signature={enc(sig)}"
    for name, text in [
        ("canonical-query.txt", canonical),
        ("string-to-sign.txt", sts),
        ("signature.txt", sig),
        ("signed-query.txt", signed_query),
    ]:
        with open(os.path.join(folder, name), "w") as f:
            f.write(text)
    print(case, sig)
