// code-sources: to be filled from python-mistralclient 4.5.0 (commands/v2/code_sources.py).
import type { CommandSpec } from './spec.js';

export const codeSourceCommands: CommandSpec[] = [];
