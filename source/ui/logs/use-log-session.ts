import {useEffect, useState} from 'react';
import type {ContainerRef} from '../../model/app-state.js';
import {LogScreenModel} from '../../model/log-screen.js';
import type {SessionController} from '../../kube/session.js';
import {LogSession} from '../../kube/log-session.js';
import {logSettings} from './settings.js';
import {trace, tracing} from '../trace.js';

// The model and its streams live as long as the screen: created on mount, stopped on unmount.

export function useLogSession(controller: SessionController, containers: ContainerRef[]): {model: LogScreenModel; session: LogSession} {
	const [pair] = useState(() => {
		const model = new LogScreenModel(containers, logSettings.bufferLines);
		const session = new LogSession(controller.http, model, {tailLines: logSettings.tailLines, sinceSeconds: logSettings.sinceSeconds});
		model.onSince = seconds => session.restartSince(seconds);
		return {model, session};
	});
	useEffect(() => {
		pair.session.start();
		return () => {
			pair.session.stop();
			if (tracing) {
				for (const source of pair.model.sources) {
					const last = source.live.get(source.live.length - 1);
					trace('log-pane', {container: source.ref.container, pushed: source.live.totalPushed, kept: source.live.length, restarts: source.restarts, first: source.firstText, last: last?.text});
				}
			}
			pair.model.dispose();
		};
	}, [pair]);
	return pair;
}
