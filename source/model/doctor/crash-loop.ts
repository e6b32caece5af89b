import {clean, entries, eventEvidence, exitText, isCrashLooping, lastExit, logEvidence, type Rule} from './types.js';

// The generic diagnosis for a crash loop: how it died and what it said last. More specific
// rules (port conflict, OOM, init, sidecar ordering) take its place for their containers.

const exitMeaning: Record<number, string> = {
	1: 'a generic error',
	2: 'a Go panic or misuse of a shell builtin',
	126: 'the command is not executable',
	127: 'the command was not found',
	137: 'killed (SIGKILL: OOM or a failed liveness probe)',
	139: 'a segmentation fault',
	143: 'terminated (SIGTERM)',
};

// The line that says what went wrong (a panic, a fatal error) is rarely the last one.
const telling = /panic:|fatal|error|exception|traceback|cannot|failed/i;

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

function lastWords(lines: string[]): string[] {
	const cause = lines.find(line => telling.test(line.replace(/^log [^:]+: /, '')));
	const tail = lines.slice(-4);
	return cause && !tail.includes(cause) ? [cause, ...tail] : tail;
}

export const crashLoop: Rule = {
	id: 'crash-loop',
	generic: true,
	check(input) {
		// A Failed or Succeeded pod restarts nothing: its last exits are the story of another rule (evicted, rejected).
		if (input.pod.status?.phase === 'Failed' || input.pod.status?.phase === 'Succeeded') return [];
		return entries(input.pod)
			.filter(entry => isCrashLooping(entry, input.pod.spec.restartPolicy))
			.map(entry => {
				const waiting = entry.status?.state?.waiting?.reason === 'CrashLoopBackOff';
				const exit = lastExit(entry.status);
				const logs = lastWords(logEvidence(input, entry.name, 'previous', 10));
				const meaning = exit ? exitMeaning[exit.exitCode] : undefined;
				return {
					id: 'crash-loop',
					severity: 'error' as const,
					title: `${clean(entry.name)} ${waiting ? 'is in CrashLoopBackOff' : 'is crash-looping'}${exit ? `: last ${exitText(exit)}` : ''}${meaning ? `, ${meaning}` : ''}, ${plural(entry.status?.restartCount ?? 0, 'restart')}`,
					evidence: [
						...(waiting ? [`${entry.statusPath}.state.waiting.reason: CrashLoopBackOff`] : []),
						...(exit ? [`${entry.statusPath}.${exit.path}: ${exitText(exit)}`] : []),
						`${entry.statusPath}.restartCount: ${entry.status?.restartCount ?? 0}`,
						...logs,
						...eventEvidence(input, entry, /BackOff/),
					],
					fix:
						logs.length > 0
							? `Read the previous instance's log (kubectl logs ${clean(input.pod.metadata.name)} -c ${clean(entry.name)} --previous): the lines above are how it ended. Fix that cause; the kubelet restarts it with a growing back-off until it stays up.`
							: `The previous instance left no log: check its command, arguments and configuration (kubectl logs --previous -c ${clean(entry.name)}).`,
					container: entry.name,
				};
			});
	},
};
