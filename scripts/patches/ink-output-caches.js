// Applied by scripts/build.js; the fields are described in scripts/patch-dependencies.js.
export default {
	package: 'ink',
	versions: '~8.0.0',
	file: 'build/output.js',
	find: `export default class Output {
    operations = [];
    caches = new OutputCaches();`,
	replace: `// podscope: each frame's caches start from the last frame's (see the patch's why).
class FrameCaches extends OutputCaches {
    constructor(previous) {
        super();
        this.previous = previous;
    }
    carry(name, key) {
        const own = this[name];
        if (!own.has(key)) {
            const known = this.previous?.[name].get(key);
            if (known !== undefined)
                own.set(key, known);
        }
    }
    getStyledChars(line) {
        this.carry('styledChars', line);
        return super.getStyledChars(line);
    }
    getStringWidth(text) {
        this.carry('widths', text);
        return super.getStringWidth(text);
    }
    getWidestLine(text) {
        this.carry('blockWidths', text);
        return super.getWidestLine(text);
    }
}
let lastFrameCaches;
const frameCaches = () => {
    const caches = new FrameCaches(lastFrameCaches);
    // Two frames at most: what the frame before last had and this one did not use goes.
    if (lastFrameCaches)
        lastFrameCaches.previous = undefined;
    lastFrameCaches = caches;
    return caches;
};
export default class Output {
    operations = [];
    caches = frameCaches();`,
	why: "Ink makes its caches of tokenized lines anew for every frame, so each line on screen was split into per-character objects again at every frame (most of what the 5,000-pod list allocated once loaded); now a frame starts from the last frame's caches, two frames' worth kept.",
};
