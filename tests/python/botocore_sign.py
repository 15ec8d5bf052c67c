"""Signs requests with botocore's SigV4 signer, for `tests/tests/client_botocore.rs`.

Reads JSON from standard input: credentials, region, a fixed time and a list of requests (signing
name, method, absolute URL, headers, base64 body); writes the `Authorization` header botocore computes
for each, as a JSON list, to standard output.
"""

import base64
import datetime
import json
import sys

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def main():
    job = json.load(sys.stdin)
    now = datetime.datetime.strptime(job["time"], "%Y%m%dT%H%M%SZ")
    botocore.auth.get_current_datetime = lambda: now
    credentials = Credentials(job["access_key_id"], job["secret_access_key"], job.get("session_token"))
    out = []
    for request in job["requests"]:
        signer = botocore.auth.SigV4Auth(credentials, request["service"], job["region"])
        aws_request = AWSRequest(
            method=request["method"],
            url=request["url"],
            data=base64.b64decode(request["body"]),
        )
        for name, value in request["headers"]:
            aws_request.headers[name] = value
        signer.add_auth(aws_request)
        out.append(aws_request.headers["Authorization"])
    json.dump({"botocore": botocore.__version__, "authorizations": out}, sys.stdout)


if __name__ == "__main__":
    main()
