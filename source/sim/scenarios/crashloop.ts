// A single container that panics at start; its previous instance's log holds the stack trace.
export default `
apiVersion: v1
kind: Pod
metadata:
  name: crashloop
  labels: {app: payments}
spec:
  containers:
  - name: payments
    image: payments-api:1.4.2
    x-sim:
      startup: ["payments-api 1.4.2 starting", "loading config from /etc/payments/config.yaml"]
      exit:
        after: 2
        code: 2
        lines:
        - "panic: runtime error: invalid memory address or nil pointer dereference"
        - "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a2b3c]"
        - ""
        - "goroutine 1 [running]:"
        - "main.loadConfig(...)"
        - "\\t/src/payments/config.go:42 +0x1c"
        - "main.main()"
        - "\\t/src/payments/main.go:17 +0x25"
`;
