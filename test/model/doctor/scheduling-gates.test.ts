import {describe, expect, it} from 'vitest';
import {schedulingGates} from '../../../source/model/doctor/scheduling-gates.js';
import {schedulingGated} from '../../fixtures/real-node/scheduling.js';

describe('scheduling-gates', () => {
	it('names the gate, how long, and who removes it', () => {
		const [finding] = schedulingGates.check(schedulingGated);
		expect(finding).toMatchObject({severity: 'warning'});
		expect(finding!.title).toBe('the scheduler ignores the pod until its scheduling gate is removed: podscope.dev/quota-check (gated for 28s)');
		expect(finding!.evidence).toEqual([
			'spec.schedulingGates[0].name: podscope.dev/quota-check',
			'status.conditions{PodScheduled}: False, SchedulingGated: Scheduling is blocked due to non-empty scheduling gates',
		]);
		expect(finding!.fix).toContain('a controller of podscope.dev');
		expect(finding!.fix).toContain(`kubectl patch pod scheduling-gated --type=json -p '[{"op":"remove","path":"/spec/schedulingGates"}]'`);
	});

	it('stays quiet once the gates are gone', () => {
		const input = structuredClone(schedulingGated);
		delete input.pod.spec.schedulingGates;
		expect(schedulingGates.check(input)).toEqual([]);
	});
});
