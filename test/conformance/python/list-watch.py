"""List pods, then watch from the list's resourceVersion, then resume from the last seen one.

The client sends watch=True (Python's str(True)); the events must arrive with their types.
"""

import sys

from kubernetes import client, watch

from common import api_client, emit

namespace, name = sys.argv[1], sys.argv[2]
core = client.CoreV1Api(api_client())

listed = core.list_namespaced_pod(namespace)
result = {
    "listed": sorted(pod.metadata.name for pod in listed.items),
    "listResourceVersion": listed.metadata.resource_version,
}

core.create_namespaced_pod(
    namespace,
    {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name},
        "spec": {"containers": [{"name": "app", "image": "busybox", "command": ["sleep", "3600"]}]},
    },
)

# The first watch starts at the list's version: the new pod arrives as ADDED.
first = watch.Watch()
seen = []
for event in first.stream(core.list_namespaced_pod, namespace, resource_version=listed.metadata.resource_version, timeout_seconds=20):
    seen.append([event["type"], event["object"].metadata.name])
    if event["type"] == "ADDED" and event["object"].metadata.name == name:
        first.stop()
result["first"] = seen
result["resumeFrom"] = first.resource_version

core.delete_namespaced_pod(name, namespace, grace_period_seconds=0)

# The second resumes where the first stopped: nothing twice, then the deletion.
second = watch.Watch()
resumed = []
for event in second.stream(core.list_namespaced_pod, namespace, resource_version=first.resource_version, timeout_seconds=20):
    resumed.append([event["type"], event["object"].metadata.name, event["object"].metadata.resource_version])
    if event["type"] == "DELETED" and event["object"].metadata.name == name:
        second.stop()
result["second"] = resumed
emit(result)
