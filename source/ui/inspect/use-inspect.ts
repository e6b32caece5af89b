import {useEffect, useMemo, useState, useSyncExternalStore} from 'react';
import type {ScreenEntry} from '../../model/app-state.js';
import type {SessionController} from '../../session/controller.js';
import type {InspectOptions} from '../../session/pod-inspector.js';

// The open screen's pod, live from the browser's watch, with its inspector (events, metrics,
// log tails, timeline history) running for as long as the screen is open, and a clock that
// ticks each second so ages move.

export function useInspect(controller: SessionController, entry: ScreenEntry, options: InspectOptions) {
	const state = useSyncExternalStore(controller.store.subscribe, controller.store.getSnapshot);
	const pod = state.pods.find(item => item.metadata.name === entry.pod && (item.metadata.namespace ?? '') === entry.namespace);
	// The inspector lives as long as the screen shows this pod: a caller that passes a new options
	// object on every render must not restart its watches (options are read at start only).
	// biome-ignore lint/correctness/useExhaustiveDependencies: options are read once, at start
	const inspector = useMemo(() => controller.inspect(entry.namespace, entry.pod, options), [controller, entry.namespace, entry.pod]);
	useEffect(() => {
		inspector.start();
		return () => inspector.stop();
	}, [inspector]);
	useEffect(() => inspector.observe(pod), [inspector, pod]);
	const snapshot = useSyncExternalStore(inspector.subscribe, inspector.getSnapshot);
	const [now, setNow] = useState(() => Date.now());
	useEffect(() => {
		const timer = setInterval(() => setNow(Date.now()), 1000);
		return () => clearInterval(timer);
	}, []);
	return {pod, snapshot, now};
}
