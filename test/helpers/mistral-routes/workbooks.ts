// The fake Mistral's workbooks, with the canned data of the reference transcripts (t_workbook,
// t_fmt, t_err2).
import { collection, validation, type Route } from './shared.js';

export const WB_DEFINITION = "---\nversion: '2.0'\nname: wb\nworkflows:\n  wf1:\n    tasks:\n      t1:\n        action: std.noop\n";

export const WB = {
  name: 'wb',
  namespace: '',
  tags: ['tag1', 'tag2'],
  scope: 'private',
  definition: WB_DEFINITION,
  created_at: '2024-01-01 10:00:00',
  updated_at: null,
};

const workbooks = collection('workbooks', WB, { putCollection: true, putItem: true });

export const workbookRoutes: Route = (req, parts, query) => {
  if (parts[0] !== 'workbooks') return undefined;
  if (parts[1] === 'validate' && req.method === 'POST') return validation(req.body);
  return workbooks(req, parts, query);
};
