#!/usr/bin/env python3
"""Captures signature v3 requests as the official Python Tea SDK sends them.

Pinned: alibabacloud-tea-openapi==0.4.6 and alibabacloud-mts20140618==6.0.3
(`pip install alibabacloud-tea-openapi==0.4.6 alibabacloud-mts20140618==6.0.3`).

The SDK sends each request through an HTTP proxy on loopback (plain `http`, so the
request keeps its real `host` header), and the proxy writes what arrived, as it
arrived, into `<case>.wire.json` (a file, not a case folder: the folders here are the
signer's golden cases): method, raw query, headers in order, body. Only the
clock and the nonce are fixed (`Utils.get_timestamp`, `Utils.get_nonce`) so the cases
are reproducible; the `user-agent` the SDK signs names this machine's Python, so a run
elsewhere may change that header and the signature, not the shape.

Cases (tests/it/verify/tea_v3.rs verifies both):
- tea-format-query: the MTS client's QuerySnapshotJobList with `Format=json` set
  through `Config.global_parameters`; the SDK signs it as a query parameter (spec §3.2).
- tea-form-body: the generic `call_api` with an RPC `formData` body, STS credentials:
  the parameters travel in an `application/x-www-form-urlencoded` body.
"""
import http.server
import json
import os
import threading
from urllib.parse import urlsplit

from alibabacloud_mts20140618 import models as mts_models
from alibabacloud_mts20140618.client import Client as MtsClient
from alibabacloud_tea_openapi import models as openapi_models
from alibabacloud_tea_openapi.client import Client as OpenApiClient
from alibabacloud_tea_openapi.utils import Utils
from alibabacloud_tea_openapi.utils_models import GlobalParameters
from darabonba.runtime import RuntimeOptions

HERE = os.path.dirname(os.path.abspath(__file__))
HOST = "mts.cn-shanghai.aliyuncs.com"
DATE = "2024-01-01T00:00:00Z"
NONCE = "3e7c2d1f0a9b8c7d6e5f4a3b2c1d0e9f"
IDS = "72dfa5e679ab4be9a3ed9974c7360001,72dfa5e679ab4be9a3ed9974c7360002"
BODY = b'{"RequestId":"4C2C4E7D-0000-0000-0000-000000000000","SnapshotJobList":{"SnapshotJob":[]}}'

Utils.get_timestamp = staticmethod(lambda: DATE)
Utils.get_nonce = staticmethod(lambda: NONCE)

captured = []


class Proxy(http.server.BaseHTTPRequestHandler):
    def _handle(self):
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        target = urlsplit(self.path)
        captured.append({
            "method": self.command,
            "path": target.path,
            "query": target.query,
            "headers": [[k, v] for k, v in self.headers.items()],
            "body": body.decode("utf-8"),
        })
        self.send_response(200)
        self.send_header("content-type", "application/json;charset=utf-8")
        self.send_header("content-length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    do_GET = _handle
    do_POST = _handle

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Proxy)
threading.Thread(target=server.serve_forever, daemon=True).start()
PROXY = f"http://127.0.0.1:{server.server_port}"


def runtime():
    return RuntimeOptions(http_proxy=PROXY, autoretry=False)


def write(name, secret, extra):
    case = dict(captured.pop())
    case.update({
        "sdk": "alibabacloud-tea-openapi 0.4.6, alibabacloud-mts20140618 6.0.3 (Python)",
        "access_key_secret": secret,
        "timestamp": DATE,
    })
    case.update(extra)
    with open(os.path.join(HERE, f"{name}.wire.json"), "w") as f:
        json.dump(case, f, indent=1)
        f.write("\n")


# 1. Format in the query, through the client's global parameters.
config = openapi_models.Config(
    access_key_id="testid", access_key_secret="testsecret", endpoint=HOST,
    protocol="http", global_parameters=GlobalParameters(queries={"Format": "json"}))
MtsClient(config).query_snapshot_job_list_with_options(
    mts_models.QuerySnapshotJobListRequest(snapshot_job_ids=IDS), runtime())
write("tea-format-query", "testsecret", {"expect": {"Format": "json", "SnapshotJobIds": IDS}})

# 2. Parameters in a form body, STS credentials.
config = openapi_models.Config(
    access_key_id="STS.demo-key-id", access_key_secret="stsSecretNotReal",
    security_token="CAIS-demo-token/+=", endpoint=HOST, protocol="http")
params = openapi_models.Params(
    action="QuerySnapshotJobList", version="2014-06-18", protocol="HTTP", pathname="/",
    method="POST", auth_type="AK", style="RPC", req_body_type="formData", body_type="json")
request = openapi_models.OpenApiRequest(
    query={"MaximumPageSize": "20"},
    body={"SnapshotJobIds": IDS, "PipelineId": "b11c171cced04565b1f38f1ecc39 x/y"})
OpenApiClient(config).call_api(params, request, runtime())
write("tea-form-body", "stsSecretNotReal", {"expect": {
    "MaximumPageSize": "20", "SnapshotJobIds": IDS,
    "PipelineId": "b11c171cced04565b1f38f1ecc39 x/y"}})

server.shutdown()
