#!/usr/bin/env node
// The conformance run of the installed package (compiled JavaScript; see src/cli/conformance.ts).
import '../dist/src/cli/conformance.js';
