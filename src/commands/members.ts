// member-*: the 5 resource sharing commands of python-mistralclient 4.5.0 (commands/v2/members.py).
import type { Item } from '../api/client.js';
import type { ResourcePath } from '../api/manager.js';
import { segment } from '../api/manager.js';
import { CliError, UsageError } from '../errors.js';
import { cell, field } from './cells.js';
import { ensureNotEmpty } from './required.js';
import { defineCommand, HOME_CLOUD, type ArgSpec, type CloudRef, type CommandSpec, type OptionSpec, type ResourceSpec, type RunContext } from './spec.js';
import { listOutput, listRows, showOutput, showRow } from './verbs.js';

/**
 * The formatter reads these fields straight off the `Member` object, so an answer without them
 * fails as the reference does. It matters in practice: member-get/-update without `-m` and without
 * a project id ask for `/members/`, which Mistral answers with the member list.
 */
const attribute = (field: string) => (m: Item) => {
  if (!(field in m)) throw new CliError(`'Member' object has no attribute '${field}'`);
  return cell(m[field]);
};

export const members: ResourceSpec = {
  // The real base depends on the shared resource: see base() below.
  path: '/members',
  listKey: 'members',
  noun: 'member',
  columns: [
    { heading: 'Resource ID', value: attribute('resource_id') },
    { heading: 'Resource Type', value: attribute('resource_type') },
    { heading: 'Resource Owner', value: attribute('project_id') },
    { heading: 'Member ID', value: attribute('member_id') },
    { heading: 'Status', value: attribute('status') },
    { heading: 'Created at', value: attribute('created_at') },
    field('Updated at', 'updated_at'),
  ],
};

/** `/<resource_type>s/<resource_id>/members`: the type is made plural by appending `s`. */
function base(resourceId: string, resourceType: string): ResourcePath {
  return { path: `/${segment(resourceType)}s/${segment(resourceId)}/members`, listKey: 'members' };
}

/**
 * Without `-m` the reference uses its HTTP client's project id: the token's project when
 * authenticated, --os-project-id without authentication, else none (the path ends in `/members/`).
 */
async function memberOrProject(ctx: RunContext, values: { member_id: string }): Promise<string> {
  return values.member_id || ctx.projectId();
}

/**
 * member-create without a member under a target cloud (README "The target's project"): the
 * resource is shared with the target's project by the home project that owns it, so the request
 * goes without the target headers (with them Mistral looks the resource up in the target's
 * project, where it is not found). Without a target the member is required, as in the reference.
 */
async function shareWithTarget(ctx: RunContext): Promise<{ memberId: string; cloud?: CloudRef }> {
  const config = await ctx.configuration();
  if (!config.targets.length) throw new UsageError("missing required argument 'member_id'");
  return { memberId: await ctx.projectId(), cloud: HOME_CLOUD };
}

const resourceTypeArg = { name: 'resource_type', help: 'Resource type.' } as const satisfies ArgSpec;
const memberIdOption = {
  flags: '-m, --member-id <MEMBER_ID>',
  dest: 'member_id',
  default: '',
  help: 'Project ID to whom the resource is shared to. No need to provide this param if you are the resource member.',
} as const satisfies OptionSpec;

const list = defineCommand({
  name: 'member-list',
  summary: 'List all members.',
  kind: 'list',
  output: listOutput(members),
  // Accepted and ignored, as by the reference (no query, no filter check).
  pagination: 'list',
  args: [{ name: 'resource_id', help: 'Resource id to be shared.' }, resourceTypeArg],
  async run(ctx, values) {
    const manager = await ctx.manager(base(values.resource_id, values.resource_type));
    return { list: listRows(members, await manager.list(), ctx.now) };
  },
});

const get = defineCommand({
  name: 'member-get',
  summary: 'Show specific member information.',
  kind: 'show',
  output: showOutput(members),
  args: [{ name: 'resource', help: 'Resource ID to be shared.' }, resourceTypeArg],
  options: [memberIdOption],
  async run(ctx, values) {
    ensureNotEmpty('Member', { resource_id: values.resource, resource_type: values.resource_type });
    const manager = await ctx.manager(base(values.resource, values.resource_type));
    return { show: showRow(members, await manager.get(await memberOrProject(ctx, values)), ctx.now) };
  },
});

const create = defineCommand({
  name: 'member-create',
  summary: 'Shares a resource to another tenant.',
  kind: 'show',
  output: showOutput(members),
  args: [
    { name: 'resource_id', help: 'Resource ID to be shared.' },
    resourceTypeArg,
    { name: 'member_id', help: "Project ID to whom the resource is shared to. With a target cloud and no member: the target's project, shared by the home project.", optional: true },
  ],
  async run(ctx, values) {
    const shared = values.member_id === undefined ? await shareWithTarget(ctx) : { memberId: values.member_id };
    ensureNotEmpty('Member', { resource_id: values.resource_id, resource_type: values.resource_type, member_id: shared.memberId });
    const manager = await ctx.manager(base(values.resource_id, values.resource_type), shared.cloud);
    return { show: showRow(members, (await manager.create({ body: { member_id: shared.memberId } })) as Item, ctx.now) };
  },
});

const update = defineCommand({
  name: 'member-update',
  summary: 'Update resource sharing status.',
  kind: 'show',
  output: showOutput(members),
  args: [{ name: 'resource_id', help: 'Resource ID to be shared.' }, resourceTypeArg],
  options: [
    memberIdOption,
    { flags: '-s, --status <STATUS>', help: 'status of the sharing.', default: 'accepted', choices: ['pending', 'accepted', 'rejected'] },
  ],
  async run(ctx, values) {
    // No emptiness check here, as in the reference.
    const manager = await ctx.manager(base(values.resource_id, values.resource_type));
    const answer = await manager.update({ body: { status: values.status } }, await memberOrProject(ctx, values));
    return { show: showRow(members, answer as Item, ctx.now) };
  },
});

/** One member only; a failure prints its message on stdout, then the summary error. */
const remove = defineCommand({
  name: 'member-delete',
  summary: 'Delete a resource sharing relationship.',
  kind: 'plain',
  args: [
    { name: 'resource', help: 'Resource ID to be shared.' },
    resourceTypeArg,
    { name: 'member_id', help: 'Project ID to whom the resource is shared to.' },
  ],
  async run(ctx, values) {
    // A member id that cannot be a path segment is a usage error before any request.
    segment(values.member_id);
    // Connection problems are errors of their own, as for every other delete.
    const manager = await ctx.manager(base(values.resource, values.resource_type));
    try {
      ensureNotEmpty('Member', { resource_id: values.resource, resource_type: values.resource_type, member_id: values.member_id });
      await manager.delete(values.member_id);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      ctx.print(`${error.message}\n`);
      throw new CliError('Unable to delete the specified member.');
    }
    return { text: `Request to delete ${values.resource_type} member ${values.member_id} has been accepted.\n` };
  },
});

export const memberCommands: CommandSpec[] = [create, remove, update, list, get];
