import {clean, type Writer} from './format.js';
import {eventAge, eventSource, sortOldestFirst} from '../events.js';
import type {KubeEvent} from '../k8s.js';

// The Events table at the end of kubectl describe (DescribeEvents): flushed on its own so
// its columns never widen the ones above.

export function describeEventsTable(events: KubeEvent[], w: Writer, now: number): void {
	if (events.length === 0) {
		w.write(0, 'Events:\t<none>\n');
		return;
	}
	w.flush();
	w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
	w.write(1, '----\t------\t----\t----\t-------\n');
	for (const event of sortOldestFirst(events)) {
		w.write(1, `${clean(event.type)}\t${clean(event.reason)}\t${eventAge(event, now)}\t${eventSource(event)}\t${clean((event.message ?? '').trim())}\n`);
	}
}
