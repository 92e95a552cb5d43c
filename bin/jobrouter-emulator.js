#!/usr/bin/env node
// The Job Router emulator of the installed package (compiled JavaScript; see src/emulator/cli.ts).
import '../dist/src/emulator/cli.js';
