import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

/** Colour only on a terminal, never with NO_COLOR (https://no-color.org), forced with FORCE_COLOR. */
export function colorsFor(stream: NodeJS.WriteStream): Colors {
  const env = process.env;
  const enabled = 'NO_COLOR' in env && env.NO_COLOR !== '' ? false : env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' ? true : stream.isTTY === true;
  return pc.createColors(enabled);
}
