#!/usr/bin/env node
// Removes the resources a crashed run left behind (compiled JavaScript; see src/cli/sweep.ts).
import '../dist/src/cli/sweep.js';
