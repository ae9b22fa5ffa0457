/**
 * Import rules of the bounded contexts (see docs/architecture.md).
 *
 * Layers, lowest first: platform ← identity ← registry ← work ← contexts above work
 * (audit, reporting, demo, and later integration, …). The composition root (the files
 * directly under src/: main, app module, data source, CLIs) wires them together.
 */
const LAYERS = ['platform', 'identity', 'registry', 'work'];
const ABOVE_WORK = '(?!platform/|identity/|registry/|work/)[^/]+/';

/** A layer may not import any layer above it, nor a context above work, nor the composition root. */
const layerRules = LAYERS.map((layer, i) => {
  const higher = LAYERS.slice(i + 1).map((l) => `${l}/`);
  return {
    name: `${layer}-imports-only-lower-layers`,
    comment: `${layer}/ may import only ${LAYERS.slice(0, i).join(', ') || 'no other context'} (and itself).`,
    severity: 'error',
    from: { path: `^src/${layer}/` },
    to: { path: `^src/(${[...higher].join('|')}${higher.length ? '|' : ''}${ABOVE_WORK}|[^/]+\\.ts$)` },
  };
});

export default {
  forbidden: [
    ...layerRules,
    {
      name: 'contexts-import-no-composition-root',
      comment: 'Only the composition root (files directly under src/) wires contexts together.',
      severity: 'error',
      from: { path: '^src/[^/]+/' },
      to: { path: '^src/[^/]+\\.ts$' },
    },
    {
      name: 'only-through-context-index',
      comment: "A context imports what another context's index.ts exports, never its internals.",
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$', '^src/[^/]+\\.ts$'] },
    },
    {
      name: 'no-circular-modules',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      comment: 'No two folders import each other, directly or through others.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'not-to-test',
      severity: 'error',
      from: { path: '^(src|migrations)/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js'],
    },
    moduleSystems: ['es6'],
  },
};
