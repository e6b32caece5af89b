import {useMemo, useRef, useState, useSyncExternalStore} from 'react';
import {podKey} from '../../model/container-ref.js';
import {containerRows} from '../../model/containers.js';
import {markChar, worstFirst} from '../../model/doctor/pod-mark.js';
import {podStatusReason} from '../../model/pod-status.js';
import {fit, safe} from '../../model/text.js';
import type {ScreenProps} from '../screens.js';
import type {Theme} from '../theme.js';
import {useKeys} from '../use-keys.js';
import {type Line, plain} from './lines.js';
import {ScrollView, viewRows} from './ScrollView.js';
import {reportIntent} from './report-intent.js';

// The doctor over every pod in the list (X), worst first: each pod's worst finding in one
// row, ⏎ opens that pod's doctor. Live: rows move as pods and their events change.

const markColor = (theme: Theme, severity: string | undefined) => (severity === 'error' ? theme.error : severity === 'warning' ? theme.warn : theme.accent);

export function NamespaceDoctorScreen({controller, entry, width, height, theme}: ScreenProps) {
	const state = useSyncExternalStore(controller.store.subscribe, controller.store.getSnapshot);
	const marks = state.podMarks;
	const pods = useMemo(() => worstFirst(state.pods, pod => marks?.[podKey(pod)]), [state.pods, marks]);
	const all = entry.namespace === '';
	const inner = Math.max(1, width - 2);
	const rows = viewRows(height, true) - 2;
	const selectedRef = useRef(0);
	const topRef = useRef(0);
	const [, setVersion] = useState(0);
	selectedRef.current = Math.max(0, Math.min(selectedRef.current, pods.length - 1));
	useKeys(
		key => {
			const intent = reportIntent(selectedRef.current, pods.length, rows, key);
			if (intent.type === 'select') selectedRef.current = intent.to;
			else if (intent.type === 'close') controller.store.dispatch({type: 'screen-close'});
			else if (intent.type === 'open') {
				const pod = pods[intent.index];
				if (!pod) return;
				const main = containerRows(pod).find(row => row.isDefault) ?? containerRows(pod)[0];
				const ref = {namespace: pod.metadata.namespace ?? '', pod: pod.metadata.name};
				controller.store.dispatch({type: 'screen-open', entry: {kind: 'doctor', ...ref, containers: main ? [{...ref, container: main.name}] : []}});
			}
		},
		() => setVersion(version => version + 1),
	);
	const selected = selectedRef.current;
	if (selected < topRef.current) topRef.current = selected;
	if (selected >= topRef.current + rows) topRef.current = selected - rows + 1;
	topRef.current = Math.max(0, Math.min(topRef.current, Math.max(0, pods.length - rows)));

	const nameWidth = Math.min(40, Math.max(12, ...pods.map(pod => pod.metadata.name.length)));
	const statusWidth = Math.min(26, Math.max(6, ...pods.map(pod => podStatusReason(pod).length)));
	const namespaceWidth = all ? 16 : 0;
	const count = (severity: string) => pods.filter(pod => marks?.[podKey(pod)]?.severity === severity).length;
	const summary = !marks
		? `examining ${pods.length} pods…`
		: `${pods.length} pods: ${count('error')} with errors, ${count('warning')} with warnings, ${pods.length - count('error') - count('warning')} without`;
	const header = `  ${all ? fit('NAMESPACE', namespaceWidth) + ' ' : ''}${fit('NAME', nameWidth)} ${fit('STATUS', statusWidth)} FINDING`;
	const lines: Line[] = [plain(summary, {bold: true}), plain(header, {bold: true})];
	for (const [offset, pod] of pods.slice(topRef.current, topRef.current + rows).entries()) {
		const index = topRef.current + offset;
		const mark = marks?.[podKey(pod)];
		const finding = mark ? `${mark.title}${mark.errors + mark.warnings > 1 ? ` (+${mark.errors + mark.warnings - 1})` : ''}` : marks ? 'no findings' : '';
		const isSelected = index === selected;
		lines.push([
			{text: isSelected ? '▸' : ' ', inverse: isSelected},
			{text: markChar(mark), color: markColor(theme, mark?.severity), inverse: isSelected},
			{
				text: `${all ? fit(safe(pod.metadata.namespace ?? ''), namespaceWidth) + ' ' : ''}${fit(safe(pod.metadata.name), nameWidth)} ${fit(safe(podStatusReason(pod)), statusWidth)} `,
				bold: isSelected,
				inverse: isSelected,
			},
			{text: fit(safe(finding), Math.max(1, inner - 2 - namespaceWidth - (all ? 1 : 0) - nameWidth - statusWidth - 2)), dim: !mark, inverse: isSelected},
		]);
	}
	const title = `doctor ${all ? 'all namespaces' : entry.namespace}`;
	return <ScrollView title={title} lines={lines} offset={0} width={width} height={height} theme={theme} footer={plain('⏎ the pod\'s doctor · live', {dim: true})} />;
}
