import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

/** Colour only on a terminal, never with NO_COLOR (https://no-color.org), forced with FORCE_COLOR. */
export function colorsFor(stream: NodeJS.WriteStream): Colors {
  return pc.createColors(colorEnabled(stream));
}

export function colorEnabled(stream: NodeJS.WriteStream): boolean {
  const env = process.env;
  return 'NO_COLOR' in env && env.NO_COLOR !== '' ? false : env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' ? true : stream.isTTY === true;
}
