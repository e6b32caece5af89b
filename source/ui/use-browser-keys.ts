import {useApp} from 'ink';
import {useEffect} from 'react';
import type {SessionController} from '../session/controller.js';
import type {Suspend} from '../session/shell-actions.js';
import {type BrowserIntent, browserIntent} from './browser-intent.js';
import {commandAvailable} from './screens.js';
import {useKeys} from './use-keys.js';

// The browser's keys: browserIntent decides, this carries the intent out through the store and
// the session's intents.

export function useBrowserKeys(controller: SessionController, pageSize: number): void {
	const {exit, suspendTerminal} = useApp();
	// A shell takes the terminal over while Ink is suspended.
	const suspend: Suspend = async run => {
		await suspendTerminal(run);
	};
	// So does an exec credential plugin that asks the user something.
	useEffect(() => controller.attachTerminal(run => suspendTerminal(run)), [controller, suspendTerminal]);
	useKeys(key => {
		// Read the store, not the render's snapshot: earlier keys of the same chunk changed it.
		const intent = browserIntent(controller.store.getSnapshot(), key, {pageSize, available: commandAvailable});
		perform(intent, controller, {exit, suspend});
	});
}

function perform(intent: BrowserIntent, controller: SessionController, app: {exit(): void; suspend: Suspend}): void {
	const {dispatch} = controller.store;
	switch (intent.type) {
		case 'none':
			return;
		case 'exit':
			return app.exit();
		case 'dispatch':
			return dispatch(intent.action);
		case 'answer-offer':
			dispatch({type: 'offer', offer: undefined});
			if (intent.debug) void controller.debug(intent.debug, app.suspend);
			return;
		case 'switch':
			dispatch({type: 'picker-close'});
			if (intent.kind === 'namespace') controller.switchNamespace(intent.name);
			else if (intent.kind === 'context') controller.switchContext(intent.name);
			return;
		case 'open-screen':
			if (intent.clearMarks) dispatch({type: 'mark-clear'});
			return dispatch({type: 'screen-open', entry: intent.entry});
		case 'pick-namespace':
			dispatch({type: 'picker-open', kind: 'namespace', loading: true});
			void controller.loadNamespaces();
			return;
		case 'shell':
			void controller.shell(intent.target, app.suspend);
			return;
		case 'reconnect':
			controller.reconnect();
			return;
		case 'forward':
			dispatch({type: 'picker-close'});
			void controller.portForward({...intent.target, port: intent.port});
			return;
		case 'error':
			return dispatch({type: 'message', text: intent.text, level: 'error', at: Date.now()});
	}
}
