"""Reads Novats' metadata the way cloud-init's OpenStack datasource does.

Usage: cloud-init-reader.py url BASE_URL HEADERS_JSON
       cloud-init-reader.py drive DIRECTORY
Prints what the reader found as JSON. The headers stand in for what the
guest's network path adds (the Neutron proxy's X-Instance-ID headers, or an
X-Forwarded-For naming the guest's address).
"""
import base64
import json
import sys

from cloudinit import url_helper
from cloudinit.sources.helpers import ec2, openstack


def with_headers(headers):
    plain = url_helper.readurl

    def readurl(url, *args, **kwargs):
        merged = dict(kwargs.get("headers") or {})
        merged.update(headers)
        kwargs["headers"] = merged
        return plain(url, *args, **kwargs)

    url_helper.readurl = readurl


def printable(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, dict):
        return {k: printable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [printable(v) for v in value]
    return value


def main():
    mode = sys.argv[1]
    if mode == "url":
        base = sys.argv[2]
        with_headers(json.loads(sys.argv[3]))
        reader = openstack.MetadataReader(base, retries=0, timeout=5)
        reader._read_ec2_metadata = lambda: ec2.get_instance_metadata(
            metadata_address=base, retries=0, timeout=5
        )
    else:
        reader = openstack.ConfigDriveReader(sys.argv[2])
    result = reader.read_v2()
    seed = result["metadata"].get("random_seed")
    if isinstance(seed, bytes):
        result["metadata"]["random_seed"] = base64.b64encode(seed).decode()
        result["random_seed_bytes"] = len(seed)
    print(json.dumps(printable(result), sort_keys=True))


main()
