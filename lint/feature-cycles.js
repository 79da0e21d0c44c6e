// Feature folders must not import each other in a circle: a folder that two features both need is a lower
// module, not one of the two. This reads every .ts/.tsx file under a folder of features (TypeScript's own
// pre-processor finds static imports, `export … from`, `import type` and dynamic `import()`), draws one edge per
// feature folder that imports another, and reports every strongly connected group of two or more folders.
// Run by `npm run lint` (node lint/feature-cycles.js) and by tests/unit/lint/feature-cycles.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const sourceFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });

/** Folder -> folders it imports, for the direct sub-folders of `featuresDir`, and the file that made each edge. */
export function featureGraph(featuresDir) {
  const root = resolve(featuresDir);
  const featureOf = (path) => {
    const rel = relative(root, path);
    if (rel.startsWith('..') || !rel.includes(sep)) return undefined;
    return rel.split(sep)[0];
  };
  const edges = new Map();
  for (const file of sourceFiles(root)) {
    const from = featureOf(file);
    if (!from) continue;
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const to = featureOf(resolve(dirname(file), fileName));
      if (!to || to === from) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      if (!edges.get(from).has(to)) edges.get(from).set(to, relative(root, file).split(sep).join('/'));
    }
  }
  return edges;
}

/** Every group of feature folders that reach each other through imports (Tarjan's SCC), each with its edges. */
export function featureCycles(featuresDir) {
  const edges = featureGraph(featuresDir);
  const next = (v) => [...(edges.get(v)?.keys() ?? [])];
  const nodes = new Set([...edges.keys(), ...[...edges.values()].flatMap((m) => [...m.keys()])]);
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const groups = [];
  let counter = 0;
  const visit = (v) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const group = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of [...nodes].sort()) if (!index.has(v)) visit(v);
  return groups.map((folders) => ({
    folders,
    edges: folders.flatMap((a) => folders.filter((b) => edges.get(a)?.has(b)).map((b) => `${a} -> ${b} (${edges.get(a).get(b)})`)),
  }));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? 'src/renderer/features';
  const cycles = featureCycles(dir);
  for (const c of cycles) console.error(`Import cycle among the feature folders ${c.folders.join(', ')}:\n  ${c.edges.join('\n  ')}`);
  if (cycles.length > 0) {
    console.error('Move what both folders need into a lower module (src/renderer/lib or a folder neither imports).');
    process.exit(1);
  }
}
