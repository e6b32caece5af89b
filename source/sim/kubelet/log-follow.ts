import type {LogFile, LogInstance} from './log-store.js';

// What the kubelet's ReadLogs (k8s.io/cri-client pkg/logs/logs.go, 1.35) does when a follow
// has read its file to the end. The first time, it sets up an fsnotify watch on the log's
// directory and reads again. After that it waits (waitLogs): when the container is no longer
// running the stream ends, without looking at any newer file; when the watch reports the
// log's own name created again (the runtime reopened it after a rotation), it opens that
// path and reads the new file from its start.
//
// The watch only sees what happens after it was set up: a follow still busy with a file when
// that file is rotated (a reader that has not reached its end yet) never sees the new file's
// creation. It stays on the rotated file, which nobody writes any more, until a later rotation
// it does see (then it jumps to the file current at that moment, skipping the one in between),
// or until the container stops. The fault `followMissesRotation` (faults.ts) makes a follow
// miss every rotation, as the reports of kubernetes#115701, #126564 and k3s#9060 describe:
// the stream stays open and delivers nothing new.

export type FollowStep =
	/** Read the same file again (the watch was just set up: a write may have been missed). */
	| 'again'
	/** Now reading the new current file, from its first line. */
	| 'reopened'
	/** Nothing to read: wait for the instance to change. */
	| 'wait'
	/** The container has stopped: the stream ends. */
	| 'end';

export class FileFollower {
	/** The file this follow has open. */
	file: LogFile;
	/** The instance's rotation count when the watch was set up; undefined before. */
	private watchedFrom?: number;
	/** Missed a rotation by fault: no Create event will ever be seen. */
	private stalled = false;

	constructor(
		private readonly instance: LogInstance,
		private readonly missesRotation?: () => boolean,
	) {
		this.file = instance.current;
	}

	/** The follow has read `file` to its end. */
	atEnd(): FollowStep {
		const instance = this.instance;
		if (this.watchedFrom === undefined) {
			this.watchedFrom = instance.rotations;
			return 'again';
		}
		// waitLogs asks the runtime first: a stopped container is not waited for.
		if (instance.ended) return 'end';
		const seenRotation = instance.rotations > this.watchedFrom;
		if (this.file !== instance.current && seenRotation && !this.stalled) {
			if (this.missesRotation?.()) {
				this.stalled = true;
				return 'wait';
			}
			this.file = instance.current;
			return 'reopened';
		}
		return 'wait';
	}
}
