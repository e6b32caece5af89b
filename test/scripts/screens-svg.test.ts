import {describe, expect, it} from 'vitest';
import {parseCapture} from '../../scripts/screens/ansi.ts';
import {escapeXml, githubDark, renderSvg, resolve} from '../../scripts/screens/svg.ts';

// 14 px text: cells 8.4 px wide and 18.2 px high, the picture padded by 12 px.
/** Columns to pixels, rounded as the SVG rounds them. */
const px = (cells: number) => Math.round(cells * 8.4 * 100) / 100;
const svgOf = (capture: string, columns = 20, rows = 1, title = 'a screen') => renderSvg(parseCapture(capture, columns, rows), {title});
const textElements = (svg: string) =>
	[...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+"([^>]*)>([^<]*)<\/text>/g)].map(([, x, attributes, text]) => ({
		x: Number(x),
		attributes: attributes ?? '',
		text: text ?? '',
	}));
const rects = (svg: string) => [...svg.matchAll(/<rect ([^>]*)\/>/g)].map(match => match[1]!);
const paths = (svg: string) => [...svg.matchAll(/<path d="([^"]*)" stroke="([^"]*)"/g)].map(([, d, stroke]) => ({d: d ?? '', stroke}));

/** Well-formed enough for an XML parser: nothing but tags, text without < > &, and the five entities. */
function wellFormed(svg: string): boolean {
	return /^(?:<[^<>]*>|[^<>&]|&(?:amp|lt|gt|quot|apos);)*$/.test(svg) && !/<[^>]*="[^"]*<[^>]*>/.test(svg);
}

describe('the SVG of a screen', () => {
	it('escapes what the cluster wrote, in the text and in the title', () => {
		const svg = svgOf('<script>alert("x")</script> & \'', 40, 1, 'pod "<b>" & co');
		expect(svg).not.toContain('<script>');
		expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
		expect(svg).toContain('&amp;');
		expect(svg).toContain('&apos;');
		expect(svg).toContain('<title>pod &quot;&lt;b&gt;&quot; &amp; co</title>');
		expect(wellFormed(svg)).toBe(true);
	});

	it('replaces characters XML cannot hold', () => {
		expect(escapeXml('a\u0001b\ufffec\ud800d')).toBe('a\ufffdb\ufffdc\ufffdd');
		expect(escapeXml('😀')).toBe('😀');
	});

	it('places each word at its column, stretched to its cells', () => {
		const words = textElements(svgOf('ab  cde'));
		expect(words.map(({x, text}) => [x, text])).toEqual([
			[0, 'ab'],
			[px(4), 'cde'],
		]);
		expect(words[1]!.attributes).toContain('textLength="25.2"');
	});

	it('counts a wide character as two columns', () => {
		const words = textElements(svgOf('日本 x'));
		expect(words.map(({x, text}) => [x, text])).toEqual([
			[0, '日本'],
			[px(5), 'x'],
		]);
		expect(words[0]!.attributes).toContain('textLength="33.6"');
	});

	it('draws the 16 colours from the palette, 256 colours and truecolor exactly', () => {
		const svg = svgOf('\u001b[31ma \u001b[38;5;208mb \u001b[38;2;18;52;86mc');
		expect(textElements(svg).map(({attributes}) => /fill="([^"]+)"/.exec(attributes)?.[1])).toEqual([githubDark.ansi[1], '#ff8700', '#123456']);
		expect(resolve(16, githubDark)).toBe('#000000');
		expect(resolve(231, githubDark)).toBe('#ffffff');
		expect(resolve(244, githubDark)).toBe('#808080');
	});

	it('fills backgrounds, one rectangle per run of a colour', () => {
		const svg = svgOf('\u001b[44mblue bg\u001b[0m plain');
		expect(rects(svg)).toContainEqual(`x="0" y="0" width="${px(7)}" height="18.2" fill="${githubDark.ansi[4]}"`);
	});

	it('swaps the colours of inverse text, defaults included', () => {
		const svg = svgOf('\u001b[7mselected\u001b[27m \u001b[31;7mred');
		expect(rects(svg)).toContainEqual(`x="0" y="0" width="${px(8)}" height="18.2" fill="${githubDark.foreground}"`);
		expect(rects(svg)).toContainEqual(`x="${px(9)}" y="0" width="25.2" height="18.2" fill="${githubDark.ansi[1]}"`);
		const words = textElements(svg);
		expect(words.map(({attributes}) => /fill="([^"]+)"/.exec(attributes)?.[1])).toEqual([githubDark.background, githubDark.background]);
	});

	it('draws bold, dim and italic text, and underlines as lines', () => {
		const svg = svgOf('\u001b[1mb\u001b[0m \u001b[2md\u001b[0m \u001b[3mi\u001b[0m \u001b[4mu l\u001b[0m');
		const words = textElements(svg);
		expect(words[0]!.attributes).toContain('font-weight="bold"');
		expect(words[1]!.attributes).toContain('fill-opacity="0.6"');
		expect(words[2]!.attributes).toContain('font-style="italic"');
		// One underline under "u l", the space included.
		expect(paths(svg)).toEqual([{d: `M${px(6)} 16.2H${px(9)}`, stroke: githubDark.foreground}]);
	});

	it('draws nothing of hidden text', () => {
		expect(textElements(svgOf('\u001b[8msecret'))).toEqual([]);
	});

	it('draws borders as lines that join across cells and rows', () => {
		const svg = svgOf('┌─┐\n│ │\n└─┘', 3, 3);
		expect(textElements(svg)).toEqual([]);
		const [border] = paths(svg);
		// The top and bottom edges are one line each, the sides one line each from corner to corner.
		expect(border!.d.split('M').filter(Boolean).sort()).toEqual(['21 9.1V45.5', '4.2 45.5H21', '4.2 9.1H21', '4.2 9.1V45.5'].sort());
	});

	it('rounds the corners of a round border', () => {
		const svg = svgOf('╭╮', 2, 1);
		expect(svg).toContain(`<path d="M8.4 9.1Q4.2 9.1 4.2 18.2" stroke="${githubDark.foreground}" fill="none"/>`);
		expect(svg).toContain(`<path d="M8.4 9.1Q12.6 9.1 12.6 18.2" stroke="${githubDark.foreground}" fill="none"/>`);
		expect(textElements(svg)).toEqual([]);
	});

	it('draws shade blocks as rectangles, in their colour and density', () => {
		const svg = svgOf('\u001b[33m█▒░');
		const shapes = rects(svg).filter(rect => rect.includes(githubDark.ansi[3]!));
		expect(shapes).toEqual([
			`x="0" y="0" width="8.4" height="18.2" fill="${githubDark.ansi[3]}"`,
			`x="8.4" y="0" width="8.4" height="18.2" fill="${githubDark.ansi[3]}" fill-opacity="0.5"`,
			`x="16.8" y="0" width="8.4" height="18.2" fill="${githubDark.ansi[3]}" fill-opacity="0.25"`,
		]);
		expect(textElements(svg)).toEqual([]);
	});

	it('draws a run of one block in one colour as one rectangle, with no seams between cells', () => {
		const svg = svgOf('\u001b[33m▒▒▒\u001b[32m▒▄▄');
		expect(rects(svg).filter(rect => rect.includes('fill="#'))).toEqual([
			`width="${px(20) + 24}" height="42.2" rx="6" fill="${githubDark.background}"`,
			`x="0" y="0" width="${px(3)}" height="18.2" fill="${githubDark.ansi[3]}" fill-opacity="0.5"`,
			`x="${px(3)}" y="0" width="8.4" height="18.2" fill="${githubDark.ansi[2]}" fill-opacity="0.5"`,
			`x="${px(4)}" y="9.1" width="${px(2)}" height="9.1" fill="${githubDark.ansi[2]}"`,
		]);
	});

	it('is a picture of the whole grid, title for screen readers included', () => {
		const svg = svgOf('x', 10, 2, 'podscope: the pod list');
		expect(svg).toMatch(
			/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="108" height="60.4" viewBox="0 0 108 60.4" role="img" aria-label="podscope: the pod list">/,
		);
		expect(wellFormed(svg)).toBe(true);
	});
});
