#!/usr/bin/env node
// The Job Router emulator of the installed package (compiled JavaScript; see src/cli.ts).
import '../dist/cli.js';
