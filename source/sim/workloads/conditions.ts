import type {Condition} from './types.js';

// SetDeploymentCondition and friends (pkg/controller/deployment/util/deployment_util.go): a
// condition of the same status and reason is left alone; one of the same status keeps its
// transition time; the new one goes last.

export const newCondition = (type: string, status: string, reason: string, message: string, now: string): Condition => ({
	type,
	status,
	lastUpdateTime: now,
	lastTransitionTime: now,
	reason,
	message,
});

export const getCondition = (conditions: Condition[] | undefined, type: string) => conditions?.find(condition => condition.type === type);

export function setCondition(conditions: Condition[] | undefined, condition: Condition): Condition[] {
	const list = conditions ?? [];
	const existing = getCondition(list, condition.type);
	if (existing && existing.status === condition.status && existing.reason === condition.reason) return list;
	const next = existing && existing.status === condition.status ? {...condition, lastTransitionTime: existing.lastTransitionTime} : condition;
	return [...list.filter(item => item.type !== condition.type), next];
}

export const removeCondition = (conditions: Condition[] | undefined, type: string) => (conditions ?? []).filter(condition => condition.type !== type);
