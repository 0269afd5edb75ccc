import { definePackageBuild } from '@paige/tsup-config';

export default definePackageBuild({ entry: ['src/index.ts'] });
