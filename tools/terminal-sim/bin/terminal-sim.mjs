#!/usr/bin/env node
// Launcher for the TypeScript CLI: the in-process equivalent of `node --import tsx src/cli.ts`
// (tsx is installed at the workspace root).
import { URL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src/cli.ts', import.meta.url).href);
