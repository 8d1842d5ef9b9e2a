/**
 * nova-manage's command line: `[--config-file F]... <category> <action>
 * [--opt value | --opt=value | --flag] [positional]`. Option names accept
 * dashes or underscores, as oslo's argparse setup does.
 */
const FLAGS = new Set([
  'verbose',
  'strict',
  'by_service',
  'disabled',
  'local_cell',
  'quiet',
  'force',
  'enable',
  'disable',
  'help',
  'until_complete',
  'purge',
  'all_cells',
  'all',
  'task_log',
  'reset',
]);

export interface ParsedArgs {
  readonly configFiles: string[];
  readonly positional: string[];
  readonly options: Record<string, string | true>;
}

export function parseManageArgs(argv: readonly string[]): ParsedArgs {
  const configFiles: string[] = [];
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const key = (eq >= 0 ? arg.slice(2, eq) : arg.slice(2)).replace(/-/g, '_');
    let value: string | true;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (FLAGS.has(key)) value = true;
    else if (i + 1 < argv.length) value = argv[++i];
    else throw new Error(`argument --${key}: expected one argument`);
    if (key === 'config_file') configFiles.push(String(value));
    else options[key] = value;
  }
  return { configFiles, positional, options };
}
