import { definePackageBuild } from '@paige/tsup-config';

// Declarations for the library entry only: `main.ts` is the server's command line.
export default definePackageBuild({ entry: ['src/index.ts', 'src/main.ts'], dts: { entry: 'src/index.ts' } });
