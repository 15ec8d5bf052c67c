"""Presigns requests with botocore's `generate_presigned_url`, for `tests/tests/client_presign.rs`.

Reads JSON from standard input: credentials, a fixed time and a list of jobs (service, region,
client method, params, seconds to expiry, HTTP method or null); writes the URL botocore makes for
each, signed with SigV4 (`signature_version='s3v4'` for S3, as the SDKs sign; path-style), as a
JSON list.
"""

import datetime
import json
import sys

import botocore.auth
import botocore.session
from botocore.config import Config


def main():
    job = json.load(sys.stdin)
    now = datetime.datetime.strptime(job["time"], "%Y%m%dT%H%M%SZ")
    botocore.auth.get_current_datetime = lambda: now
    session = botocore.session.get_session()
    out = []
    for request in job["requests"]:
        client = session.create_client(
            request["service"],
            region_name=request["region"],
            aws_access_key_id=job["access_key_id"],
            aws_secret_access_key=job["secret_access_key"],
            aws_session_token=request.get("session_token"),
            endpoint_url=request.get("endpoint_url"),
            config=Config(
                signature_version="s3v4" if request["service"] == "s3" else None,
                s3={"addressing_style": "path"},
            ),
        )
        out.append(
            client.generate_presigned_url(
                request["method"],
                Params=request["params"],
                ExpiresIn=request["expires"],
                HttpMethod=request.get("http_method"),
            )
        )
    json.dump({"botocore": botocore.__version__, "urls": out}, sys.stdout)


if __name__ == "__main__":
    main()
