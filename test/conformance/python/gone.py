"""A watch from a compacted resourceVersion: the ERROR event's 410 becomes an ApiException,
and the client recovers as its documentation says: list again, watch from the new version."""

import sys

from kubernetes import client, watch
from kubernetes.client.rest import ApiException

from common import api_client, emit

namespace, old = sys.argv[1], sys.argv[2]
core = client.CoreV1Api(api_client())
result = {}
try:
    for event in watch.Watch().stream(core.list_namespaced_pod, namespace, resource_version=old, timeout_seconds=10):
        result.setdefault("events", []).append(event["type"])
except ApiException as error:
    result["status"] = error.status
    result["reason"] = error.reason

listed = core.list_namespaced_pod(namespace)
w = watch.Watch()
# A short watch from the fresh version: no error, and it ends at its timeout.
result["after"] = [event["type"] for event in w.stream(core.list_namespaced_pod, namespace, resource_version=listed.metadata.resource_version, timeout_seconds=1)]
emit(result)
