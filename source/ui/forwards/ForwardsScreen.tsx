import {useRef, useState, useSyncExternalStore} from 'react';
import type {ForwardRow} from '../../model/port-forward/forwards.js';
import {fit, safe} from '../../model/text.js';
import {plain, type Line} from '../inspect/lines.js';
import {ScrollView, viewRows} from '../inspect/ScrollView.js';
import type {ScreenProps} from '../screens.js';
import type {Theme} from '../theme.js';
import {useKeys} from '../use-keys.js';
import {forwardsIntent} from './forwards-intent.js';

// The session's port-forwards (f), k9s's :pf: where each local port goes now, its state and
// connections; ^D stops the selected one. The forwards outlive this screen.

const stateColor = (theme: Theme, row: ForwardRow) => (row.state === 'active' ? theme.ok : theme.warn);

export function ForwardsScreen({controller, width, height, theme}: ScreenProps) {
	const state = useSyncExternalStore(controller.store.subscribe, controller.store.getSnapshot);
	const rows = state.forwards;
	const selectedRef = useRef(0);
	const [, setVersion] = useState(0);
	selectedRef.current = Math.max(0, Math.min(selectedRef.current, rows.length - 1));
	useKeys(
		key => {
			const intent = forwardsIntent(selectedRef.current, controller.store.getSnapshot().forwards.length, key);
			if (intent.type === 'select') selectedRef.current = intent.to;
			else if (intent.type === 'close') controller.store.dispatch({type: 'screen-close'});
			else if (intent.type === 'stop') {
				const row = controller.store.getSnapshot().forwards[intent.index];
				if (row) void controller.stopForward(row.id);
			}
		},
		() => setVersion(version => version + 1),
	);
	const inner = Math.max(1, width - 2);
	const visible = viewRows(height, true) - 1;
	const top = Math.max(0, selectedRef.current - visible + 1);
	const localWidth = Math.max(5, ...rows.map(row => `localhost:${row.local}`.length));
	const targetWidth = Math.min(48, Math.max(6, ...rows.map(row => `${row.namespace}/${row.pod}:${row.remote}`.length)));
	const header = `  ${fit('LOCAL', localWidth)} → ${fit('TARGET', targetWidth)} ${fit('STATE', 8)} ${fit('CONN', 5)} DETAIL`;
	const lines: Line[] = [plain(header, {bold: true})];
	if (rows.length === 0) lines.push(plain('  no port-forwards: F on a pod or a container starts one', {dim: true}));
	for (const [offset, row] of rows.slice(top, top + visible).entries()) {
		const selected = top + offset === selectedRef.current;
		const target = `${row.namespace}/${row.pod}:${row.remote}`;
		lines.push([
			{text: selected ? '▸ ' : '  ', inverse: selected},
			{text: `${fit(`localhost:${row.local}`, localWidth)} → ${fit(safe(target), targetWidth)} `, bold: selected, inverse: selected},
			{text: fit(row.state, 8), color: stateColor(theme, row), inverse: selected},
			{text: ` ${fit(String(row.connections), 5)} `, inverse: selected},
			{text: fit(safe(row.detail ?? (row.owner !== '-' ? `follows ${row.owner}` : '')), Math.max(1, inner - localWidth - targetWidth - 22)), dim: true, inverse: selected},
		]);
	}
	return (
		<ScrollView
			title={`port-forwards (${rows.length})`}
			lines={lines}
			offset={0}
			width={width}
			height={height}
			theme={theme}
			footer={plain('listening on 127.0.0.1 and ::1 · kept across screens until stopped or podscope quits', {dim: true})}
		/>
	);
}
