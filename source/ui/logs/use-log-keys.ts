import type {LogScreenModel} from '../../model/logs/screen.js';
import type {SessionController} from '../../session/controller.js';
import type {LogSession} from '../../session/log-session.js';
import {useKeys} from '../use-keys.js';
import {type LogIntent, logIntent} from './log-intent.js';

// The logs screen's keys: logIntent decides, this carries the intent out on the model and the
// session, and relays the model's messages to the footer.

type Options = {session: LogSession; controller: SessionController; pageSize: number; help: boolean; setHelp(open: boolean): void};

export function useLogKeys(options: Options): void {
	const {model} = options.session;
	useKeys(key => {
		const intent = logIntent({help: options.help, prompt: model.prompt, pageSize: options.pageSize}, key);
		if (intent.type === 'help') return options.setHelp(intent.open);
		if (intent.type === 'none') return;
		const before = model.message;
		perform(intent, options);
		// The model's messages go to the footer, where every screen's messages are.
		const after = model.message;
		if (after && after !== before) say(options.controller, after.text, after.error ? 'error' : 'info');
	});
}

const say = (controller: SessionController, text: string, level: 'info' | 'error' = 'info') =>
	controller.store.dispatch({type: 'message', text, level, at: Date.now()});

function perform(intent: Exclude<LogIntent, {type: 'none' | 'help'}>, {session, controller}: Options): void {
	const model: LogScreenModel = session.model;
	switch (intent.type) {
		case 'prompt-cancel':
			return model.promptCancel();
		case 'prompt-submit':
			return model.promptSubmit();
		case 'prompt-mode':
			return model.promptToggleMode();
		case 'prompt-input':
			return model.promptInput(intent.text);
		case 'prompt':
			return model.startPrompt(intent.kind);
		case 'scroll':
			return model.scroll(intent.delta);
		case 'top':
			return model.toTop();
		case 'bottom':
			return model.toBottom();
		case 'back':
			if (!model.back()) controller.store.dispatch({type: 'screen-close'});
			return;
		case 'pause':
			return model.togglePause();
		case 'find':
			return model.findMatch(intent.older);
		case 'toggle':
			return model.toggle(intent.flag);
		case 'colors':
			model.toggle('stripColors');
			return say(controller, model.flags.stripColors ? 'colours stripped' : 'colours kept');
		case 'layout':
			return model.toggleLayout();
		case 'json':
			return model.cycleJson();
		case 'pane':
			return model.moveFocus(intent.delta);
		case 'previous': {
			const {sources, previous} = model.togglePrevious();
			session.previous(
				sources.map(source => model.sources.indexOf(source)),
				previous,
			);
			return say(controller, previous ? 'previous instance' : 'live');
		}
		case 'save':
			return model.startPrompt('save');
	}
}
