import { defineConfig } from 'tsup';

// tfjs stays external: the callback must extend the user's own copy of tf.Callback.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    data: 'src/data/index.ts',
    backend: 'src/backend/index.ts',
    cli: 'src/cli/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', data: 'src/data/index.ts', backend: 'src/backend/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'es2020',
  external: [/^@tensorflow\//],
});
