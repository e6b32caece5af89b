"""Exec over WebSocket (v4.channel.k8s.io) with kubernetes.stream.stream: stdout, stderr, and
the exit code from the error channel's Status."""

import sys

from kubernetes import client
from kubernetes.stream import stream

from common import api_client, emit

namespace, pod, container = sys.argv[1], sys.argv[2], sys.argv[3]
core = client.CoreV1Api(api_client())


def run(command):
    response = stream(
        core.connect_get_namespaced_pod_exec,
        pod,
        namespace,
        container=container,
        command=command,
        stdin=False,
        stdout=True,
        stderr=True,
        tty=False,
        _preload_content=False,
    )
    stdout, stderr = "", ""
    while response.is_open():
        response.update(timeout=5)
        stdout += response.read_stdout() if response.peek_stdout() else ""
        stderr += response.read_stderr() if response.peek_stderr() else ""
    return {"stdout": stdout, "stderr": stderr, "code": response.returncode}


# The one-shot form: stdout and stderr together, as the client returns them.
joined = stream(core.connect_get_namespaced_pod_exec, pod, namespace, container=container, command=["sh", "-c", "echo joined"], stderr=True, stdin=False, stdout=True, tty=False)
emit({"ok": run(["sh", "-c", "echo out; echo err >&2"]), "failed": run(["sh", "-c", "echo partial; echo oops >&2; exit 3"]), "joined": joined})
