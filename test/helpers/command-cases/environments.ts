// The transcript cases of the 5 environment commands (t_env, and t_fmt's environment-get).
import { same, type CaseGroup } from './case.js';

export const ENVIRONMENT_FILES: Record<string, string> = {
  'env.json': '{"name": "env1", "description": "d", "variables": {"k": "v"}}\n',
  'env.yaml': 'name: env1\nvariables:\n  k: v\n',
  'env_novars.yaml': 'name: env1\ndescription: d\n',
  // Neither YAML (an unclosed flow mapping) nor JSON.
  'bad.json': '{bad\n',
};

export const ENVIRONMENT_CASES: CaseGroup = {
  name: 'environments',
  noun: 'environment',
  files: ENVIRONMENT_FILES,
  cases: [
    same('environment-list'),
    same('environment-get', 'env1'),
    same('environment-get', 'env1', '--export'),
    same('environment-create', 'env.json'),
    same('environment-create', 'env.yaml'),
    same('environment-create', 'env_novars.yaml'),
    {
      argv: ['environment-create', 'bad.json'],
      stderr: () => 'ERROR (app) the environment file is neither YAML nor JSON: Flow map must end with a } at line 2, column 1:\n',
      why: "our message says what failed to parse, instead of Python's JSON error alone (as execution-create's input)",
    },
    same('environment-update', 'env.yaml'),
    same('environment-update', 'env_novars.yaml'),
    same('environment-delete', 'env1', 'env2'),
    same('environment-get', 'env1', '-f', 'json'),
    same('environment-get', 'env1', '-f', 'shell'),
  ],
};
