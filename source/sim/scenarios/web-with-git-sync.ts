// The seed's git-sync Pod: an init clone, then nginx serving the checkout and a git-sync sidecar.
export default `
apiVersion: v1
kind: Pod
metadata:
  name: web-with-git-sync
  labels: {app: docs, pattern: sidecar}
spec:
  initContainers:
  - name: git-clone
    image: alpine/git:latest
    command:
    - git
    - clone
    - https://github.com/user/repo.git
    - /git
    volumeMounts:
    - name: git-repo
      mountPath: /git
    x-sim:
      startup: ["Cloning into '/git'..."]
      exit: {after: 2, code: 0}
  containers:
  - name: nginx
    image: nginx:1.25
    ports:
    - containerPort: 80
    volumeMounts:
    - name: git-repo
      mountPath: /usr/share/nginx/html
    x-sim:
      listen: [80]
      logs:
        every: 2
        lines: ['10.42.0.1 - - [{clock}] "GET /repo/index.html HTTP/1.1" 200 1024 "-" "curl/8.5.0"']
  - name: git-sync
    image: k8s.gcr.io/git-sync:v3.6.3
    env:
    - name: GIT_SYNC_REPO
      value: "https://github.com/user/repo.git"
    - name: GIT_SYNC_DEST
      value: "repo"
    - name: GIT_SYNC_WAIT
      value: "60"
    volumeMounts:
    - name: git-repo
      mountPath: /tmp/git
    x-sim:
      startup: ['I1125 {clock}.000000       1 main.go:449] "level"=0 "msg"="starting up" "repo"="https://github.com/user/repo.git"']
      logs:
        every: 6
        lines: ['I1125 {clock}.000000       1 main.go:875] "level"=0 "msg"="update required" "ref"="HEAD" "sync"={n}']
  volumes:
  - name: git-repo
    emptyDir: {}
`;
