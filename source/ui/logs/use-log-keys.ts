import type {Key} from 'ink';
import type {LogScreenModel} from '../../model/log-screen.js';
import type {SessionController} from '../../session/controller.js';
import type {LogSession} from '../../session/log-session.js';
import {type Command, commandFor, keyName} from '../keymap.js';
import {printable, useKeys} from '../use-keys.js';

// Keys of the logs screen. The prompt, when open, takes every key first; otherwise the keymap
// resolves the key among the commands this screen handles.

export const logCommands: Command[] = [
	'up',
	'down',
	'page-up',
	'page-down',
	'top',
	'bottom',
	'back',
	'help',
	'log-pause',
	'log-search',
	'log-older',
	'log-newer',
	'log-filter',
	'log-timestamps',
	'log-wrap',
	'log-previous',
	'log-merge',
	'log-layout',
	'log-json',
	'log-fields',
	'log-since',
	'log-colors',
	'log-save',
	'log-next-pane',
	'log-prev-pane',
];

type Options = {model: LogScreenModel; session: LogSession; controller: SessionController; pageSize: number; help: boolean; setHelp(open: boolean): void};

export function useLogKeys({model, session, controller, pageSize, help, setHelp}: Options): void {
	const say = (text: string, level: 'info' | 'error' = 'info') => controller.store.dispatch({type: 'message', text, level, at: Date.now()});

	useKeys(handle);

	function handle(input: string, key: Key): void {
		const name = keyName(input, key);
		if (name === 'ctrl+c') return;
		if (help) {
			if (name === 'escape' || name === '?' || name === 'q') setHelp(false);
			return;
		}
		const before = model.message;
		const prompt = model.prompt;
		if (prompt) {
			if (name === 'escape') model.promptCancel();
			else if (name === 'return') model.promptSubmit();
			else if (name === 'tab') model.promptToggleMode();
			else if (name === 'backspace') model.promptInput(prompt.text.slice(0, -1));
			// Readline's line editing: ^U clears the line, ^W drops the last word.
			else if (name === 'ctrl+u') model.promptInput('');
			else if (name === 'ctrl+w') model.promptInput(prompt.text.replace(/[^\s,]*[\s,]*$/, ''));
			else if (printable(input) && !key.ctrl && !key.meta) model.promptInput(prompt.text + input);
			relay(before);
			return;
		}
		const command = commandFor(name, logCommands);
		switch (command) {
			case 'up':
				model.scroll(-1);
				break;
			case 'down':
				model.scroll(1);
				break;
			case 'page-up':
				model.scroll(-pageSize);
				break;
			case 'page-down':
				model.scroll(pageSize);
				break;
			case 'top':
				model.toTop();
				break;
			case 'bottom':
				model.toBottom();
				break;
			case 'back':
				if (!model.back()) controller.store.dispatch({type: 'screen-close'});
				break;
			case 'help':
				setHelp(true);
				break;
			case 'log-pause':
				model.togglePause();
				break;
			case 'log-search':
				model.startPrompt('search');
				break;
			case 'log-filter':
				model.startPrompt('filter');
				break;
			case 'log-fields':
				model.startPrompt('fields');
				break;
			case 'log-since':
				model.startPrompt('since');
				break;
			case 'log-older':
				model.findMatch(true);
				break;
			case 'log-newer':
				model.findMatch(false);
				break;
			case 'log-timestamps':
				model.toggle('timestamps');
				break;
			case 'log-wrap':
				model.toggle('wrap');
				break;
			case 'log-colors':
				model.toggle('stripColors');
				say(model.flags.stripColors ? 'colours stripped' : 'colours kept');
				break;
			case 'log-merge':
				model.toggle('merged');
				break;
			case 'log-layout':
				model.toggleLayout();
				break;
			case 'log-json':
				model.cycleJson();
				break;
			case 'log-next-pane':
				model.moveFocus(1);
				break;
			case 'log-prev-pane':
				model.moveFocus(-1);
				break;
			case 'log-previous': {
				const {sources, previous} = model.togglePrevious();
				session.previous(sources.map(source => model.sources.indexOf(source)), previous);
				say(previous ? 'previous instance' : 'live');
				break;
			}
			case 'log-save': {
				try {
					const {file, lines} = session.save();
					say(`saved ${lines} lines to ${file}`);
				} catch (error) {
					say(`cannot save: ${(error as Error).message}`, 'error');
				}
				break;
			}
			default:
				break;
		}
		relay(before);
	}

	/** The model's messages go to the footer, where every screen's messages are. */
	function relay(before: LogScreenModel['message']): void {
		const after = model.message;
		if (after && after !== before) say(after.text, after.error ? 'error' : 'info');
	}
}
