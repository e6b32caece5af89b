"""Shared by the scripts: the client configured from $KUBECONFIG, and JSON on stdout.

Each script is run by test/conformance/python-client.test.ts with /usr/bin/python3 and
Debian's python3-kubernetes; it prints one JSON document that the test checks.
"""

import json
import os
import sys

from kubernetes import client, config


def api_client():
    config.load_kube_config(config_file=os.environ["KUBECONFIG"])
    return client.ApiClient()


def emit(result):
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
