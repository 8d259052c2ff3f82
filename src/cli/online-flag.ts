/** `--online` / `--offline` as a planProject option (neither: the repo's `online:` setting). */
import type { OnlineSetting } from '../model/resource.js';
import { flag, type ParsedArgs } from './command.js';
import { UsageError } from './parse.js';

export function onlineFlag(args: ParsedArgs): { online?: OnlineSetting } {
  if (flag(args, 'online') && flag(args, 'offline')) throw new UsageError('choose one of --online and --offline');
  if (flag(args, 'online')) return { online: 'always' };
  if (flag(args, 'offline')) return { online: 'never' };
  return {};
}
