// Hostile output: terminal escape sequences in log lines and in an annotation. Every view must
// show them escaped; none may reach the terminal.
export default `
apiVersion: v1
kind: Pod
metadata:
  name: escape-injection
  labels: {app: noisy}
  annotations:
    podscope.dev/note: "owned\\e]0;pwned-title\\a\\e[2J\\e[H"
spec:
  containers:
  - name: noisy
    image: busybox:1.36
    x-sim:
      logs:
        every: 1
        lines:
        - "clipboard \\e]52;c;cm0gLXJmIH4=\\a write"
        - "title \\e]0;you have been pwned\\a change"
        - "clear \\e[2J\\e[H screen"
        - "cursor \\e[10;10H\\e[1A move"
        - "link \\e]8;;https://evil.example/\\e\\\\click me\\e]8;;\\e\\\\ end"
        - "colour \\e[31mred\\e[0m and \\e[1;32mbold green\\e[0m"
        - "dcs \\eP+q544e\\e\\\\ query"
`;
