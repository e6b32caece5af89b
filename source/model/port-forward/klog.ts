// The line kubectl writes when client-go's port-forward meets an error it does not return:
// runtime.HandleError logs it through klog.ErrorS (k8s.io/apimachinery/pkg/util/runtime/
// runtime.go), so it reads `E1205 18:30:00.123456   12345 portforward.go:424] "Unhandled Error"
// err="an error occurred forwarding 8080 -> 80: ..."`. The file and line are client-go
// v0.35.4's tools/portforward/portforward.go, where kubectl 1.35 logs it.

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** klog's header: severity, MMDD hh:mm:ss.uuuuuu in local time, the process id right-aligned to 7, file:line. */
export function klogHeader(severity: 'E' | 'W' | 'I', at: Date, pid: number, source: string): string {
	const date = `${pad(at.getMonth() + 1, 2)}${pad(at.getDate(), 2)}`;
	const time = `${pad(at.getHours(), 2)}:${pad(at.getMinutes(), 2)}:${pad(at.getSeconds(), 2)}.${pad(at.getMilliseconds() * 1000, 6)}`;
	return `${severity}${date} ${time} ${String(pid).padStart(7, ' ')} ${source}]`;
}

/** runtime.HandleError(err)'s line, without the final newline. */
export function unhandledError(message: string, at: Date, pid: number, line: number): string {
	return `${klogHeader('E', at, pid, `portforward.go:${line}`)} "Unhandled Error" err=${JSON.stringify(message)}`;
}

/** Where client-go v0.35.4's portforward.go calls runtime.HandleError. */
export const handleErrorLines = {forwarding: 424, copyFromRemote: 391} as const;
