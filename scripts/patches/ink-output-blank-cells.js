// Applied by scripts/build.js; the fields are described in scripts/patch-dependencies.js.
export default {
	package: 'ink',
	versions: '~8.0.0',
	file: 'build/output.js',
	find: `        const output = [];
        for (let y = 0; y < this.height; y++) {
            const row = [];
            for (let x = 0; x < this.width; x++) {
                row.push({
                    type: 'char',
                    value: ' ',
                    fullWidth: false,
                    styles: [],
                });
            }
            output.push(row);
        }`,
	replace: `        const output = [];
        // podscope: cells are replaced, never changed, so every empty one can be the same; frozen,
        // so that a change in place would throw rather than change every blank on the screen.
        const blank = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([]) });
        for (let y = 0; y < this.height; y++) {
            output.push(new Array(this.width).fill(blank));
        }`,
	why: 'Ink fills a new grid of blank cells, an object and an array each, before it draws every frame: 7,200 of each a frame on a 160x45 screen, ~7% of what the TUI allocated with 5,000 pods changing. The cells are only ever replaced, so one frozen blank cell a frame fills them all (test/build/render-patches.test.ts).',
};
