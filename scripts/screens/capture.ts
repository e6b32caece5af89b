// Take the shots in a running podscope: reach each screen, capture it with its colours, draw it
// as SVG, go back to the pod list for the next.
import {parseCapture} from './ansi.ts';
import type {Shot} from './shots.ts';
import {podList} from './shots.ts';
import {renderSvg} from './svg.ts';
import type {Terminal} from './terminal.ts';

export type Picture = {name: string; title: string; svg: string; text: string};

export async function captureShots(terminal: Terminal, shots: Shot[], log: (line: string) => void = () => {}): Promise<Picture[]> {
	await podList(terminal);
	const pictures: Picture[] = [];
	for (const shot of shots) {
		log(`${shot.name}: waiting for the screen`);
		await shot.reach(terminal);
		const capture = terminal.capture();
		const grid = parseCapture(capture, terminal.size.columns, terminal.size.rows);
		pictures.push({name: shot.name, title: shot.title, svg: renderSvg(grid, {title: shot.title}), text: terminal.text()});
		await shot.leave(terminal);
	}
	return pictures;
}
