"""Events through core/v1 and events.k8s.io/v1 (EventsV1Api): the same objects, converted.

The kubelet's events are core/v1 ones with no eventTime; events.k8s.io/v1 serves them with
"eventTime": null, which this client's model refuses (kubernetes-client/python#1616, seen on
real clusters). The scheduler's events (events.k8s.io, with an eventTime) decode; the raw
answer (_preload_content=False), which users fall back to, carries all of them.
"""

import json
import sys

from kubernetes import client

from common import api_client, emit

namespace, pod = sys.argv[1], sys.argv[2]
api = api_client()
core = client.CoreV1Api(api).list_namespaced_event(namespace, field_selector="involvedObject.name=" + pod)
scheduled = client.EventsV1Api(api).list_event_for_all_namespaces(field_selector="reason=Scheduled")

refused = None
try:
    client.EventsV1Api(api).list_namespaced_event(namespace, field_selector="regarding.name=" + pod)
except ValueError as error:
    refused = str(error)

raw = client.EventsV1Api(api).list_namespaced_event(namespace, field_selector="regarding.name=" + pod, _preload_content=False)
v1 = json.loads(raw.data)


def core_event(event):
    return {"name": event.metadata.name, "reason": event.reason, "message": event.message, "object": event.involved_object.name,
            "controller": event.reporting_component or None, "count": event.count, "eventTime": event.event_time is not None}


def v1_event(event):
    return {"name": event["metadata"]["name"], "reason": event.get("reason"), "message": event.get("note"), "object": event["regarding"].get("name"),
            "controller": event.get("reportingController"), "count": event.get("deprecatedCount"), "eventTime": event["eventTime"] is not None}


emit({
    "core": sorted((core_event(event) for event in core.items), key=lambda event: event["name"]),
    "v1": sorted((v1_event(event) for event in v1["items"]), key=lambda event: event["name"]),
    "v1Kind": [v1["kind"], v1["apiVersion"]],
    "scheduled": sorted(event.regarding.name for event in scheduled.items),
    "refused": refused,
})
