// What a fresh k3s v1.35 node runs in kube-system, as workloads: CoreDNS, the local-path
// provisioner and metrics-server Deployments, Traefik's Deployment and its ServiceLB
// DaemonSet, and the two Helm install Jobs that put Traefik there, long Completed. Not loaded
// by default (it adds eight pods in another namespace): `--scenario k3s-system` makes `-A`
// read like a k3s node's. Ports are unnamed: kubectl 1.35 prints names in describe, the 1.32 one the
// tests compare with does not.
const helmJob = (name: string, chart: string) => `
apiVersion: batch/v1
kind: Job
metadata:
  name: helm-install-${name}
  namespace: kube-system
  labels: {helmcharts.helm.cattle.io/chart: ${name}}
spec:
  backoffLimit: 1000
  template:
    metadata:
      labels: {helmcharts.helm.cattle.io/chart: ${name}}
    spec:
      serviceAccountName: helm-${name}
      restartPolicy: OnFailure
      containers:
      - name: helm
        image: rancher/klipper-helm:v0.9.8-build20250709
        args: ["install"]
        env:
        - {name: NAME, value: ${name}}
        - {name: CHART, value: "https://%{KUBERNETES_API}%/static/charts/${chart}"}
        x-sim:
          startup:
          - "+ helm_v3 install --namespace kube-system ${name} ${chart}"
          - "NAME: ${name}"
          - "STATUS: deployed"
          exit: {after: 4, code: 0}
`;

export default `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: kube-system
  labels: {k8s-app: kube-dns, kubernetes.io/name: CoreDNS}
spec:
  replicas: 1
  revisionHistoryLimit: 0
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxUnavailable: 1}
  selector:
    matchLabels: {k8s-app: kube-dns}
  template:
    metadata:
      labels: {k8s-app: kube-dns}
    spec:
      priorityClassName: system-cluster-critical
      serviceAccountName: coredns
      nodeSelector: {kubernetes.io/os: linux}
      tolerations:
      - {key: CriticalAddonsOnly, operator: Exists}
      - {key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}
      - {key: node-role.kubernetes.io/master, operator: Exists, effect: NoSchedule}
      containers:
      - name: coredns
        image: rancher/mirrored-coredns-coredns:1.12.3
        args: ["-conf", "/etc/coredns/Corefile"]
        ports:
        - {containerPort: 53, protocol: UDP}
        - {containerPort: 53, protocol: TCP}
        - {containerPort: 9153, protocol: TCP}
        resources:
          limits: {memory: 170Mi}
          requests: {cpu: 100m, memory: 70Mi}
        readinessProbe:
          httpGet: {path: /ready, port: 8181}
          periodSeconds: 2
        livenessProbe:
          httpGet: {path: /health, port: 8080}
          initialDelaySeconds: 60
          periodSeconds: 10
        x-sim:
          listen: [53, 8080, 8181, 9153]
          startup:
          - ".:53"
          - "[INFO] plugin/reload: Running configuration SHA512 = 1b8fb2e3c1a5b7c3"
          - "CoreDNS-1.12.3"
          - "linux/amd64, go1.24.6, 2a1b9d3"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: local-path-provisioner
  namespace: kube-system
  labels: {app: local-path-provisioner}
spec:
  revisionHistoryLimit: 0
  selector:
    matchLabels: {app: local-path-provisioner}
  template:
    metadata:
      labels: {app: local-path-provisioner}
    spec:
      priorityClassName: system-node-critical
      serviceAccountName: local-path-provisioner-service-account
      containers:
      - name: local-path-provisioner
        image: rancher/local-path-provisioner:v0.0.32
        command: [local-path-provisioner, start, --config, /etc/config/config.json]
        x-sim:
          startup:
          - 'time="{iso}" level=info msg="Provisioner started"'
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: metrics-server
  namespace: kube-system
  labels: {k8s-app: metrics-server}
spec:
  revisionHistoryLimit: 0
  selector:
    matchLabels: {k8s-app: metrics-server}
  template:
    metadata:
      labels: {k8s-app: metrics-server}
    spec:
      priorityClassName: system-node-critical
      serviceAccountName: metrics-server
      containers:
      - name: metrics-server
        image: rancher/mirrored-metrics-server:v0.8.0
        args: [--cert-dir=/tmp, --secure-port=10250, --kubelet-preferred-address-types=InternalIP, --metric-resolution=15s]
        ports:
        - {containerPort: 10250, protocol: TCP}
        resources:
          requests: {cpu: 100m, memory: 70Mi}
        x-sim:
          listen: [10250]
          startup:
          - 'I1205 00:00:00.000000       1 serving.go:374] Generated self-signed cert (/tmp/apiserver.crt, /tmp/apiserver.key)'
          - 'I1205 00:00:00.000000       1 secure_serving.go:213] Serving securely on [::]:10250'
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: traefik
  namespace: kube-system
  labels: {app.kubernetes.io/instance: traefik-kube-system, app.kubernetes.io/name: traefik}
spec:
  selector:
    matchLabels: {app.kubernetes.io/instance: traefik-kube-system, app.kubernetes.io/name: traefik}
  template:
    metadata:
      labels: {app.kubernetes.io/instance: traefik-kube-system, app.kubernetes.io/name: traefik}
    spec:
      priorityClassName: system-cluster-critical
      serviceAccountName: traefik
      containers:
      - name: traefik
        image: rancher/mirrored-library-traefik:3.5.1
        args: [--entryPoints.web.address=:8000/tcp, --entryPoints.websecure.address=:8443/tcp, --ping=true]
        ports:
        - {containerPort: 8000, protocol: TCP}
        - {containerPort: 8443, protocol: TCP}
        x-sim:
          listen: [8000, 8443, 8080]
          startup:
          - '{iso} INF Traefik version 3.5.1 built on 2025-08-22T10:51:21Z version=3.5.1'
          - '{iso} INF Starting provider *crd.Provider'
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: svclb-traefik
  namespace: kube-system
  labels: {svccontroller.k3s.cattle.io/svcname: traefik, svccontroller.k3s.cattle.io/svcnamespace: kube-system}
spec:
  selector:
    matchLabels: {app: svclb-traefik}
  template:
    metadata:
      labels: {app: svclb-traefik, svccontroller.k3s.cattle.io/svcname: traefik, svccontroller.k3s.cattle.io/svcnamespace: kube-system}
    spec:
      serviceAccountName: svclb
      containers:
      - name: lb-tcp-80
        image: rancher/klipper-lb:v0.4.13
        env:
        - {name: SRC_PORT, value: "80"}
        - {name: DEST_PROTO, value: TCP}
        x-sim:
          startup:
          - "+ trap exit TERM INT"
          - "+ echo 10.43.0.10"
      - name: lb-tcp-443
        image: rancher/klipper-lb:v0.4.13
        env:
        - {name: SRC_PORT, value: "443"}
        - {name: DEST_PROTO, value: TCP}
        x-sim:
          startup:
          - "+ trap exit TERM INT"
          - "+ echo 10.43.0.10"
---
${helmJob('traefik-crd', 'traefik-crd-37.1.1+up37.1.0.tgz')}
---
${helmJob('traefik', 'traefik-37.1.1+up37.1.0.tgz')}
`;
