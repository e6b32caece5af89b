// Why credentials could not be had (a plugin failed, refused, or is too new for this Node), in
// client-go's words: kube/http.ts reports it as "getting credentials: …". Apart from the plugin
// runner so that the commands that never run one do not load child_process.

export class ExecPluginError extends Error {}
