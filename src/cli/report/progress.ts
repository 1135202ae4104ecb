/** Sweeps at least this large show a progress bar (when the other conditions hold). */
export const PROGRESS_MIN_FILES = 200;

export interface Progress {
  update(done: number): void;
  /** Clears the bar (the summary line takes its place). */
  done(): void;
}

const NONE: Progress = { update() {}, done() {} };

/** CI services set `CI` (GitHub Actions, GitLab, CircleCI, Travis, Buildkite...); `CI=false` opts back in. */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/**
 * A one-line progress bar on `stream`, redrawn at most 10 times a second: only on a terminal, not
 * in CI, not for a dumb terminal, and only for sweeps of PROGRESS_MIN_FILES files or more.
 */
export function createProgress(stream: NodeJS.WriteStream, total: number, env: NodeJS.ProcessEnv = process.env): Progress {
  if (total < PROGRESS_MIN_FILES || stream.isTTY !== true || inCi(env) || env.TERM === 'dumb') return NONE;
  const started = performance.now();
  let last = 0;
  let drawn = false;
  const draw = (done: number): void => {
    const columns = stream.columns || 80;
    const elapsed = ((performance.now() - started) / 1000).toFixed(1);
    const label = ` ${String(done).padStart(String(total).length)}/${total} files  ${elapsed} s`;
    const width = Math.max(10, Math.min(40, columns - label.length - 3));
    const filled = Math.round((done / total) * width);
    stream.write(`\r\x1b[2K[${'='.repeat(filled)}${' '.repeat(width - filled)}]${label}`);
    drawn = true;
  };
  return {
    update(done) {
      const now = performance.now();
      if (now - last < 100 && done < total) return;
      last = now;
      draw(done);
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}
