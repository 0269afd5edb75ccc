import { definePackageBuild } from '@paige/tsup-config';

export default definePackageBuild({ entry: ['src/main.ts'], dts: false });
