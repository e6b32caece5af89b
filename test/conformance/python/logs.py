"""Read a container's log with timestamps, and follow it."""

import sys

from kubernetes import client

from common import api_client, emit

namespace, pod, container, follow_lines = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
core = client.CoreV1Api(api_client())

stamped = core.read_namespaced_pod_log(pod, namespace, container=container, timestamps=True)
plain = core.read_namespaced_pod_log(pod, namespace, container=container, tail_lines=2)

followed = []
response = core.read_namespaced_pod_log(pod, namespace, container=container, follow=True, _preload_content=False)
for line in response.stream():
    followed.extend(line.decode("utf-8").splitlines())
    if len(followed) >= follow_lines:
        break
response.close()

emit({"stamped": stamped.splitlines(), "tail": plain.splitlines(), "followed": followed[:follow_lines]})
