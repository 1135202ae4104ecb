import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readGoEnv } from '../../src/doctor/go-env.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A directory holding a fake `go` that runs `script`; put it alone on PATH. */
function fakeGo(script: string | null): string {
  const dir = mkdtempSync(join(tmpdir(), 'doctor-go-'));
  dirs.push(dir);
  if (script !== null) {
    writeFileSync(join(dir, 'go'), `#!/bin/sh\n${script}\n`);
    chmodSync(join(dir, 'go'), 0o755);
  }
  return dir;
}

describe.skipIf(process.platform === 'win32')('go env -json', () => {
  it('reads the installed go\'s settings', async () => {
    const dir = fakeGo(`echo '{"GOPROXY":"https://goenv.example,direct","GOSUMDB":"sum.golang.org","GOFLAGS":"-mod=mod","GONOSUMDB":""}'`);
    expect(await readGoEnv({ PATH: dir }, 3000)).toEqual({
      status: 'ok',
      values: { GOPROXY: 'https://goenv.example,direct', GOSUMDB: 'sum.golang.org', GOFLAGS: '-mod=mod', GONOSUMDB: '' },
    });
  });

  it('no go installed is fine', async () => {
    expect(await readGoEnv({ PATH: fakeGo(null) }, 3000)).toEqual({ status: 'absent' });
  });

  it('a go that hangs is killed at the timeout', async () => {
    const started = performance.now();
    const r = await readGoEnv({ PATH: fakeGo('exec /bin/sleep 10') }, 300);
    expect(r).toEqual({ status: 'failed', reason: 'go env did not finish within 300 ms' });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('a go that prints junk or fails is reported, not fatal', async () => {
    expect(await readGoEnv({ PATH: fakeGo('echo not json') }, 3000)).toMatchObject({ status: 'failed', reason: expect.stringMatching(/not JSON/) });
    expect(await readGoEnv({ PATH: fakeGo('echo boom >&2; exit 1') }, 3000)).toMatchObject({ status: 'failed' });
  });
});
