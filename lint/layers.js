// The layer allow-list: each folder may import only the layers and packages its row names. Everything not
// listed is refused, static `import`, `export … from`, dynamic `import()` and `require()` alike, and Node's
// built-ins count as the package 'node' whether written 'node:zlib' or bare 'zlib'. Add a row for a new
// folder and a package to the rows that need it; never switch the rule off for a folder.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

/** Longest prefix wins. `layers`: folders it may import; `packages`: npm names (with 'node' for built-ins). */
export const LAYERS = [
  { folder: 'src/shared', layers: ['src/shared'], packages: ['zod'] },
  { folder: 'src/node', layers: ['src/node', 'src/shared'], packages: ['node', 'better-sqlite3', 'pg'] },
  { folder: 'src/hub', layers: ['src/hub', 'src/node', 'src/shared'], packages: ['node', 'esbuild', 'zod', 'better-sqlite3', 'pg', 'socket.io', 'ws', 'vader-sentiment', 'lru-cache', 'minisearch', 'flexsearch'] },
  // Only the cluster folder talks to Redis (fan-out, presence, shared rate limits, routing requests).
  { folder: 'src/hub/cluster', layers: ['src/hub', 'src/node', 'src/shared'], packages: ['node', 'pg', 'socket.io', 'redis', '@socket.io/redis-streams-adapter'] },
  { folder: 'src/main/services', layers: ['src/main/services', 'src/node', 'src/shared'], packages: ['node', 'zod', 'better-sqlite3', 'socket.io-client', 'openai', 'stemmer', 'lru-cache', 'minisearch', 'flexsearch'] },
  // Temporary row: app-protocol.ts still reads static-files.ts of its sibling host until that moves below both.
  { folder: 'src/main/host', layers: ['src/main/host', 'src/main/services', 'src/node', 'src/shared', 'src/main/web/static-files.ts'], packages: ['node', 'electron', 'zod'] },
  { folder: 'src/main/web', layers: ['src/main/web', 'src/main/services', 'src/node', 'src/shared'], packages: ['node', 'zod', 'ws'] },
  { folder: 'src/preload', layers: ['src/preload', 'src/shared'], packages: ['electron'] },
  { folder: 'src/renderer', layers: ['src/renderer', 'src/shared'], packages: ['react', 'react-dom', 'zustand', 'zod', 'react-virtuoso', 'minisearch', 'flexsearch', 'axe-core'] },
  { folder: 'src/widget', layers: ['src/widget', 'src/shared'], packages: ['zod'] },
  { folder: 'src/bot-client', layers: ['src/bot-client', 'src/shared'], packages: ['node', 'zod'] },
  { folder: 'src/demo', layers: ['src/demo', 'src/hub', 'src/bot-client', 'src/shared'], packages: ['node', 'zod', 'socket.io-client', 'ws'] },
];

const builtins = new Set(builtinModules.flatMap((m) => [m, m.split('/')[0]]));
const root = resolve(import.meta.dirname, '..');
const posix = (p) => p.split(sep).join('/');
const under = (path, folder) => path === folder || path.startsWith(`${folder}/`);
const rowOf = (file) => LAYERS.filter((r) => under(file, r.folder)).sort((a, b) => b.folder.length - a.folder.length)[0];
const packageOf = (spec) => {
  if (spec.startsWith('node:') || builtins.has(spec) || builtins.has(spec.split('/')[0])) return 'node';
  return spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
};

export const layersPlugin = {
  rules: {
    allowed: {
      meta: { type: 'problem', schema: [], messages: { refused: '{{from}} may not import {{what}} (see the LAYERS table in lint/layers.js).' } },
      create(context) {
        const file = posix(relative(root, context.filename));
        const row = rowOf(file);
        if (!row) return {};
        const check = (node, spec) => {
          if (typeof spec !== 'string') {
            if (node.type === 'ImportExpression') context.report({ node, messageId: 'refused', data: { from: row.folder, what: 'a computed import()' } });
            return;
          }
          if (spec.startsWith('.')) {
            const target = posix(relative(root, resolve(dirname(context.filename), spec)));
            const ok = row.layers.some((l) => under(target, l) || under(target.replace(/\.(ts|tsx|js)$/, ''), l.replace(/\.(ts|tsx|js)$/, '')));
            if (!ok) context.report({ node, messageId: 'refused', data: { from: row.folder, what: target } });
          } else if (!row.packages.includes(packageOf(spec))) {
            context.report({ node, messageId: 'refused', data: { from: row.folder, what: `'${spec}'` } });
          }
        };
        const source = (node) => node.source && check(node, node.source.value);
        return {
          ImportDeclaration: source,
          ExportNamedDeclaration: source,
          ExportAllDeclaration: source,
          ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source.value : undefined),
          'CallExpression[callee.name="require"]': (node) => check(node, node.arguments[0]?.type === 'Literal' ? node.arguments[0].value : undefined),
        };
      },
    },
  },
};
