import { definePackageBuild } from '@paige/tsup-config';

export default definePackageBuild({
  entry: ['src/index.ts', 'src/testing.ts'],
  // drizzle-orm ships each part as its own ES module (113 of them on the server's start-up path); inlined, the parts
  // this package uses are one file, which loads much faster on a cold start (issue 20 item 8). Its types still come
  // from the dependency.
  noExternal: ['drizzle-orm'],
});
