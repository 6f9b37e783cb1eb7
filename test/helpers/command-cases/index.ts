// Every command group's transcript cases, and the commands that have none with the reason why and
// the test file that covers them instead. test/unit/commands/index.test.ts holds both to the
// command table (COMMANDS in src/commands/index.ts): a command in neither fails it.
import { ACTION_EXECUTION_CASES } from './action-executions.js';
import { ACTION_CASES } from './actions.js';
import type { CaseGroup } from './case.js';
import { CODE_SOURCE_CASES } from './code-sources.js';
import { CRON_TRIGGER_CASES } from './cron-triggers.js';
import { DYNAMIC_ACTION_CASES } from './dynamic-actions.js';
import { ENVIRONMENT_CASES } from './environments.js';
import { EVENT_TRIGGER_CASES } from './event-triggers.js';
import { EXECUTION_CASES } from './executions.js';
import { MEMBER_CASES } from './members.js';
import { SERVICE_CASES } from './services.js';
import { TASK_CASES } from './tasks.js';
import { WORKBOOK_CASES } from './workbooks.js';
import { WORKFLOW_CASES } from './workflows.js';

export const CASE_GROUPS: CaseGroup[] = [
  WORKFLOW_CASES,
  EXECUTION_CASES,
  WORKBOOK_CASES,
  ACTION_CASES,
  TASK_CASES,
  ACTION_EXECUTION_CASES,
  CRON_TRIGGER_CASES,
  EVENT_TRIGGER_CASES,
  ENVIRONMENT_CASES,
  MEMBER_CASES,
  SERVICE_CASES,
  CODE_SOURCE_CASES,
  DYNAMIC_ACTION_CASES,
];

export interface NoTranscript {
  why: string;
  /** The test file that runs the command instead. */
  testedIn: string;
}

const OWN = "this client's own command: python-mistralclient has none, so the transcripts cannot show it";

/** The commands of the table without a transcript case. */
export const WITHOUT_TRANSCRIPT: Record<string, NoTranscript> = {
  'action-apply': { why: `${OWN} (README "CI")`, testedIn: 'test/unit/commands/apply.test.ts' },
  'bash-completion': { why: 'the transcripts do not run it', testedIn: 'test/unit/commands/shell.test.ts' },
  completion: { why: `${OWN} (README "Shell completion")`, testedIn: 'test/unit/completion.test.ts' },
  'configuration-show': { why: `${OWN} (README "Naming clouds: clouds.yaml, openrc files, a prompt")`, testedIn: 'test/unit/clouds-cli.test.ts' },
  'environment-apply': { why: `${OWN} (README "CI")`, testedIn: 'test/unit/commands/apply.test.ts' },
  'execution-wait': { why: `${OWN} (README "Waiting for executions")`, testedIn: 'test/unit/wait.test.ts' },
  'token-cache-clear': { why: `${OWN} (README "Token cache, timeouts and retries")`, testedIn: 'test/unit/token-cache.test.ts' },
  'workbook-apply': { why: `${OWN} (README "CI")`, testedIn: 'test/unit/commands/apply.test.ts' },
  'workflow-apply': { why: `${OWN} (README "CI")`, testedIn: 'test/unit/commands/apply.test.ts' },
};
