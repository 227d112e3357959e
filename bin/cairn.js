#!/usr/bin/env node
// The package's command line. TypeScript runs through tsx, as the server does under `npm start`.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../server/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
