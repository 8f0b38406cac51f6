import { defineConfig } from 'tsup';

// tfjs stays external: the callback must extend the user's own copy of tf.Callback.
const shared = { sourcemap: true, target: 'es2020', external: [/^@tensorflow\//] } as const;

export default defineConfig([
  {
    ...shared,
    entry: { index: 'src/index.ts', data: 'src/data/index.ts', backend: 'src/backend/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
  },
  {
    // The command line is CommonJS only: `bin` runs it with node directly.
    ...shared,
    entry: { cli: 'src/cli/index.ts' },
    format: ['cjs'],
    banner: { js: '#!/usr/bin/env node' },
  },
]);
