// Colour for the text report: chalk is loaded only when the report is coloured, so a pod's
// initContainer (stdout not a TTY) never pays for it.
export type Style = 'bold' | 'dim' | 'green' | 'yellow' | 'magenta' | 'red';
export type Paint = (text: string, ...styles: Style[]) => string;

export const plain: Paint = (text) => text;

export async function chalkPaint(): Promise<Paint> {
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: 1 });
  return (text, ...styles) => styles.reduce((t, style) => chalk[style](t), text);
}

/**
 * --color/--no-color win; then FORCE_COLOR (chalk's reading: "0" and "false" turn colour off,
 * anything else on), then NO_COLOR (no-color.org: set and not empty), then TERM=dumb; else
 * colour on a TTY.
 */
export function useColour(option: boolean | null, env: NodeJS.ProcessEnv, isTty: boolean): boolean {
  if (option !== null) return option;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTty;
}
