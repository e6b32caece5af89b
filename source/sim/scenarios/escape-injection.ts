// Hostile output: terminal escape sequences in log lines and in an annotation. Every view must
// show them escaped; none may reach the terminal. The command writes the same lines on a real
// node (printf turns \033 into ESC) as x-sim does in the sim: one a second, in turn.
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
    command:
    - sh
    - -c
    - |
      set -- 'clipboard \\033]52;c;cm0gLXJmIH4=\\007 write' 'title \\033]0;you have been pwned\\007 change' \\
        'clear \\033[2J\\033[H screen' 'cursor \\033[10;10H\\033[1A move' \\
        'link \\033]8;;https://evil.example/\\033\\\\click me\\033]8;;\\033\\\\ end' \\
        'colour \\033[31mred\\033[0m and \\033[1;32mbold green\\033[0m' 'dcs \\033P+q544e\\033\\\\ query'
      while true; do for line in "$@"; do sleep 1; printf "$line\\n"; done; done
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
