import { definePackageBuild } from '@paige/tsup-config';

export default definePackageBuild({
  entry: ['src/index.ts'],
  // `diff` is 19 small ES modules: inlined it is part of one file, which a cold server start loads faster (issue 20
  // item 8).
  noExternal: ['diff'],
});
