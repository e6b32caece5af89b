// A vault-agent-style sidecar whose token comes from a Secret nobody created: the kubelet cannot
// build its environment, so it stays Waiting in CreateContainerConfigError (`secret "vault-token"
// not found`) and is tried again at every pod sync, while the app beside it runs: READY 1/2.
// `kubectl create secret generic vault-token --from-literal=token=...` lets it start.
export default `
apiVersion: v1
kind: Pod
metadata:
  name: missing-secret
  labels: {app: ledger, pattern: sidecar}
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: [sh, -c, 'echo "ledger-api listening on :8080"; while true; do sleep 3600; done']
    x-sim:
      startup: ["ledger-api listening on :8080"]
  - name: vault-agent
    image: busybox:1.36
    command: [sh, -c, 'echo "vault-agent: rendering secrets from $VAULT_ADDR"; while true; do sleep 3600; done']
    env:
    - name: VAULT_ADDR
      value: http://vault.vault.svc:8200
    - name: VAULT_TOKEN
      valueFrom:
        secretKeyRef: {name: vault-token, key: token}
    x-sim:
      startup: ["vault-agent: rendering secrets from http://vault.vault.svc:8200"]
`;
