#!/usr/bin/env node
// The package ships TypeScript: tsx compiles it on the fly, so the CLI runs on plain Node.js 20.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
